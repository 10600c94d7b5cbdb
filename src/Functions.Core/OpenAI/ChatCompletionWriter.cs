namespace Functions.Core.OpenAI;

/// <summary>Writes a whole answer (one final update) as an OpenAI <c>chat.completion</c> object.</summary>
public static class ChatCompletionWriter
{
    public static void Write(Utf8JsonWriter writer, ChatCall call, ChatUpdate completion)
    {
        ChatChunkWriter.WriteHeader(writer, call, "chat.completion"u8);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        var hasToolCalls = completion.ToolCalls is { Count: > 0 };
        if (completion.Content is null || (hasToolCalls && completion.Content.Length == 0)) writer.WriteNull("content"u8);
        else writer.WriteString("content"u8, completion.Content);
        writer.WriteNull("refusal"u8);
        if (hasToolCalls)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var tool in completion.ToolCalls!)
            {
                writer.WriteStartObject();
                writer.WriteString("id"u8, tool.Id);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, tool.Name);
                writer.WriteString("arguments"u8, tool.Arguments ?? "");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        writer.WriteString("finish_reason"u8, completion.FinishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (completion.Usage is { } usage)
        {
            writer.WritePropertyName("usage"u8);
            ChatChunkWriter.WriteUsage(writer, usage);
        }
        if (completion.Extension is { } extension)
        {
            writer.WritePropertyName(extension.PropertyName);
            writer.WriteRawValue(extension.Json.Span, skipInputValidation: true);
        }
        writer.WriteEndObject();
    }
}
