using System.Text.Json;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.Providers.OpenAICompatible;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Translates one MindIE stream event (<c>chat.completion.chunk</c>, provider-protocols §2.5) into a
/// <see cref="ChatUpdate"/>. MindIE repeats <c>role</c> in every delta and opens with a role-only event: the
/// role is dropped here (the relay writes it once, in the first chunk it sends) and the role-only event
/// becomes an update with nothing to show. <c>tool_calls: []</c> counts as none. <c>usage</c>,
/// <c>full_text</c> and the timings ride on the last content event and are kept there.
/// </summary>
public static class FromMindIEChunk
{
    public static ChatUpdate Translate(ReadOnlyMemory<byte> data)
    {
        using (var document = UpstreamJson.ParseObject(data, MindIERequestRules.Display, "a stream event"))
        {
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind is not JsonValueKind.Null) throw MindIEErrorMapper.FromStreamError(root);

            string? content = null, finish = null;
            List<ToolCallUpdate>? tools = null;
            if (FirstChoice(root) is { } choice)
            {
                if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
                {
                    if (delta.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String) content = c.GetString();
                    if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
                        tools = OpenAICompatibleToolCalls.Read(calls);
                }
                if (choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String) finish = f.GetString();
            }
            var fullText = root.TryGetProperty("full_text", out var full) && full.ValueKind == JsonValueKind.String ? full.GetString() : null;
            var timings = MindIEBenchmark.Read(root);
            return new ChatUpdate
            {
                Content = string.IsNullOrEmpty(content) ? null : content,
                ToolCalls = tools,
                FinishReason = finish is null ? null : FinishReasons.FromOpenAI(finish),
                RawFinishReason = finish,
                Usage = OpenAICompatibleUsage.Read(root),
                Extension = timings.Extension,
                UpstreamId = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                Facts = MindIEBenchmark.Facts(timings, fullText),
            };
        }
    }

    /// <summary>The choice with index 0 (the facade relays one choice).</summary>
    internal static JsonElement? FirstChoice(JsonElement root)
    {
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array) return null;
        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind != JsonValueKind.Object) continue;
            if (!choice.TryGetProperty("index", out var index) || (index.TryGetInt32(out var i) && i == 0)) return choice;
        }
        return null;
    }
}
