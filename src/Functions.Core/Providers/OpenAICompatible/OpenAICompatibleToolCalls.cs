using System.Text.Json;
using Functions.Core.Chat;

namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>Reads OpenAI-shaped <c>tool_calls</c> arrays, whole or as stream deltas.</summary>
internal static class OpenAICompatibleToolCalls
{
    public static List<ToolCallUpdate> Read(JsonElement calls)
    {
        var list = new List<ToolCallUpdate>(calls.GetArrayLength());
        var position = 0;
        foreach (var call in calls.EnumerateArray())
        {
            var index = call.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : position;
            string? name = null, arguments = null;
            if (call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
            {
                name = String(function, "name");
                arguments = String(function, "arguments");
            }
            list.Add(new ToolCallUpdate(index, String(call, "id"), name, arguments));
            position++;
        }
        return list;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
