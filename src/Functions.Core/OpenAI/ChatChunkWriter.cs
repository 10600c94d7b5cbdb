namespace Functions.Core.OpenAI;

/// <summary>
/// Writes <c>chat.completion.chunk</c> objects the way the OpenAI SDKs parse them: integer
/// <c>created</c>, the call's stable id, one choice, <c>finish_reason</c> null or in the OpenAI enum,
/// and <c>usage: null</c> on every chunk but the final usage chunk when usage was asked for.
/// </summary>
public static class ChatChunkWriter
{
    public static void WriteChunk(Utf8JsonWriter writer, ChatCall call, ChatUpdate update, bool includeRole)
    {
        WriteHeader(writer, call);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
        if (includeRole) writer.WriteString("role"u8, "assistant"u8);
        if (update.Content is not null) writer.WriteString("content"u8, update.Content);
        else if (includeRole && update.ToolCalls is null) writer.WriteString("content"u8, ""u8);
        if (update.ToolCalls is { Count: > 0 } calls) WriteToolCallDeltas(writer, calls);
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        if (update.FinishReason is null) writer.WriteNull("finish_reason"u8);
        else writer.WriteString("finish_reason"u8, update.FinishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (call.Request.IncludeUsage) writer.WriteNull("usage"u8);
        if (update.Extension is { } extension)
        {
            writer.WritePropertyName(extension.PropertyName);
            writer.WriteRawValue(extension.Json.Span, skipInputValidation: true);
        }
        writer.WriteEndObject();
    }

    /// <summary>The final <c>choices: []</c> chunk that carries usage (only when the client asked).</summary>
    public static void WriteUsageChunk(Utf8JsonWriter writer, ChatCall call, ChatUsage usage)
    {
        WriteHeader(writer, call);
        writer.WriteStartArray("choices"u8);
        writer.WriteEndArray();
        writer.WritePropertyName("usage"u8);
        WriteUsage(writer, usage);
        writer.WriteEndObject();
    }

    public static void WriteUsage(Utf8JsonWriter writer, ChatUsage usage)
    {
        writer.WriteStartObject();
        writer.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
        writer.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
        writer.WriteNumber("total_tokens"u8, usage.TotalTokens);
        writer.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter writer, ChatCall call) => WriteHeader(writer, call, "chat.completion.chunk"u8);

    /// <summary>Opens a completion or chunk object: the call's stable id, its type, integer <c>created</c>, the facade's model name.</summary>
    internal static void WriteHeader(Utf8JsonWriter writer, ChatCall call, ReadOnlySpan<byte> objectType)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, call.CompletionId);
        writer.WriteString("object"u8, objectType);
        writer.WriteNumber("created"u8, call.Created);
        writer.WriteString("model"u8, call.Route.Name);
        writer.WriteNull("system_fingerprint"u8);
    }

    private static void WriteToolCallDeltas(Utf8JsonWriter writer, IReadOnlyList<ToolCallUpdate> calls)
    {
        writer.WriteStartArray("tool_calls"u8);
        foreach (var call in calls)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, call.Index);
            if (call.Id is not null)
            {
                writer.WriteString("id"u8, call.Id);
                writer.WriteString("type"u8, "function"u8);
            }
            writer.WriteStartObject("function"u8);
            if (call.Name is not null) writer.WriteString("name"u8, call.Name);
            writer.WriteString("arguments"u8, call.Arguments ?? "");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
