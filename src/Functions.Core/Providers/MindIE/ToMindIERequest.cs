using Functions.Core.Providers.OpenAICompatible;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Builds the body for MindIE's <c>/v1/chat/completions</c> (vLLM-compatible mode, docs/protocols/mindie.md), as the shared OpenAI-shaped writer with MindIE's dialect.
/// What differs from passing the OpenAI request through:
/// <list type="bullet">
/// <item><c>max_completion_tokens</c> (all the .NET SDK sends) goes out as <c>max_tokens</c>: MindIE ignores the
/// former and would silently stop at <c>maxIterTimes</c> (512 by default).</item>
/// <item><c>stream_options</c>, <c>user</c>, <c>parallel_tool_calls</c> and unknown fields are not sent (MindIE ignores
/// them; the facade makes the usage chunk itself).</item>
/// <item>The MindIE-only fields of <see cref="MindIEParameters.ForwardedExtras"/> are forwarded as they came.</item>
/// <item><c>developer</c> messages become <c>system</c> (MindIE knows system, user, assistant, tool); assistant
/// content given as text parts becomes a string (MindIE requires one). Multimodal parts pass through.</item>
/// </list>
/// </summary>
public static class ToMindIERequest
{
    private static readonly OpenAICompatibleDialect Dialect = new()
    {
        AsksStreamUsage = false,
        WritesStreamFalse = true,
        TakesUserAndParallelToolCalls = false,
        ForwardsExtra = MindIEParameters.ForwardedExtras.Contains,
        WriteMessages = WriteMessages,
    };

    public static byte[] Translate(ChatCall call) => ToOpenAICompatibleRequest.Translate(call, Dialect);

    private static void WriteMessages(Utf8JsonWriter w, List<ChatMessage> messages)
    {
        w.WriteStartArray();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            w.WriteStartObject();
            w.WriteString("role"u8, message.Role == "developer" ? "system" : message.Role);
            if (!message.HasNoContent)
            {
                w.WritePropertyName("content"u8);
                if (message.Role == "assistant" && message.Content!.Value.ValueKind == JsonValueKind.Array)
                {
                    w.WriteStringValue(message.GetText() ?? throw FacadeErrors.InvalidParameter($"messages[{i}].content",
                        $"'messages[{i}].content' of an assistant message must be text for {MindIEParameters.Display} models."));
                }
                else
                {
                    message.Content!.Value.WriteTo(w);
                }
            }
            if (message.Name is { } name) w.WriteString("name"u8, name);
            if (message.ToolCalls is { } calls)
            {
                w.WriteStartArray("tool_calls"u8);
                foreach (var toolCall in calls) JsonSerializer.Serialize(w, toolCall, OpenAIJsonContext.Default.ToolCall);
                w.WriteEndArray();
            }
            if (message.ToolCallId is { } toolCallId) w.WriteString("tool_call_id"u8, toolCallId);
            foreach (var (key, value) in message.Extra ?? [])
            {
                w.WritePropertyName(key);
                value.WriteTo(w);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
