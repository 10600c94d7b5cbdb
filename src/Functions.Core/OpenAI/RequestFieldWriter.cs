namespace Functions.Core.OpenAI;

/// <summary>
/// Writes the request fields that several upstream dialects share with OpenAI's, so each provider's
/// request writer only spells out where it differs.
/// </summary>
public static class RequestFieldWriter
{
    /// <summary>
    /// The sampling fields every dialect shares with OpenAI, those the caller set: <c>temperature</c>, <c>top_p</c>, the
    /// output limit under the dialect's name (<paramref name="outputLimitName"/>), <c>stop</c>, the two penalties,
    /// <c>logprobs</c> and <c>top_logprobs</c>.
    /// </summary>
    public static void WriteSampling(Utf8JsonWriter writer, ChatCompletionRequest request, ReadOnlySpan<byte> outputLimitName)
    {
        if (request.Temperature is { } temperature) writer.WriteNumber("temperature"u8, temperature);
        if (request.TopP is { } topP) writer.WriteNumber("top_p"u8, topP);
        if (request.OutputTokenLimit is { } limit) writer.WriteNumber(outputLimitName, limit);
        WriteStop(writer, request.Stop);
        if (request.PresencePenalty is { } presence) writer.WriteNumber("presence_penalty"u8, presence);
        if (request.FrequencyPenalty is { } frequency) writer.WriteNumber("frequency_penalty"u8, frequency);
        if (request.Logprobs is { } logprobs) writer.WriteBoolean("logprobs"u8, logprobs);
        if (request.TopLogprobs is { } top) writer.WriteNumber("top_logprobs"u8, top);
    }

    /// <summary><c>"stop": [...]</c>, when there are stop sequences.</summary>
    public static void WriteStop(Utf8JsonWriter writer, List<string>? stop)
    {
        if (stop is not { Count: > 0 }) return;
        writer.WriteStartArray("stop"u8);
        foreach (var sequence in stop) writer.WriteStringValue(sequence);
        writer.WriteEndArray();
    }

    /// <summary><c>"tools"</c> and <c>"tool_choice"</c> as the caller sent them.</summary>
    public static void WriteTools(Utf8JsonWriter writer, ChatCompletionRequest request)
    {
        if (request.Tools is { } tools)
        {
            writer.WritePropertyName("tools"u8);
            JsonSerializer.Serialize(writer, tools, OpenAIJsonContext.Default.ListToolDefinition);
        }
        if (request.ToolChoice is { } choice)
        {
            writer.WritePropertyName("tool_choice"u8);
            choice.WriteTo(writer);
        }
    }

    /// <summary><c>"response_format": {"type", "json_schema"}</c> in OpenAI's object form.</summary>
    public static void WriteResponseFormat(Utf8JsonWriter writer, ResponseFormat? format)
    {
        if (format is null) return;
        writer.WriteStartObject("response_format"u8);
        writer.WriteString("type"u8, format.Type);
        if (format.JsonSchema is { } schema)
        {
            writer.WritePropertyName("json_schema"u8);
            schema.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>The caller's extra top-level fields that <paramref name="forward"/> accepts (all when null), as they came.</summary>
    public static void WriteExtras(Utf8JsonWriter writer, Dictionary<string, JsonElement>? extra, Func<string, bool>? forward = null)
    {
        if (extra is null) return;
        foreach (var (name, value) in extra)
        {
            if (forward is not null && !forward(name)) continue;
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }
}
