namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>Reads an OpenAI-shaped <c>tool_calls</c> array, whole or as stream deltas; absent or <c>[]</c> is none.</summary>
internal static class OpenAICompatibleToolCalls
{
    /// <summary>The <c>tool_calls</c> of a message or delta, or null when it has none.</summary>
    public static List<ToolCallUpdate>? Read(JsonElement messageOrDelta)
    {
        if (!messageOrDelta.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array || calls.GetArrayLength() == 0) return null;
        var list = new List<ToolCallUpdate>(calls.GetArrayLength());
        var position = 0;
        foreach (var call in calls.EnumerateArray())
        {
            var index = call.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : position;
            string? name = null, arguments = null;
            if (call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
            {
                name = OpenAICompatibleFields.String(function, "name");
                arguments = OpenAICompatibleFields.String(function, "arguments");
            }
            list.Add(new ToolCallUpdate(index, OpenAICompatibleFields.String(call, "id"), name, arguments));
            position++;
        }
        return list;
    }
}
