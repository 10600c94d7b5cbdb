using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Functions.Core.Chat;
using Functions.Core.OpenAI;

namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>
/// Builds the body for an OpenAI-compatible upstream: the caller's request with the configured target
/// as <c>model</c>, the output limit as <c>max_tokens</c> (the name seed 002 documents), and, for
/// streams, <c>stream_options.include_usage</c> always on so the audit gets usage.
/// </summary>
public static class OpenAICompatibleRequestWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToOpenAICompatibleRequest(ChatCall call)
    {
        var request = call.Request;
        var buffer = new ArrayBufferWriter<byte>(call.RawBody.Length + 256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("model"u8, call.Route.Target);
            w.WritePropertyName("messages"u8);
            JsonSerializer.Serialize(w, request.Messages, OpenAIJsonContext.Default.ListChatMessage);
            if (request.IsStream)
            {
                w.WriteBoolean("stream"u8, true);
                w.WriteStartObject("stream_options"u8);
                w.WriteBoolean("include_usage"u8, true);
                w.WriteEndObject();
            }
            WriteNumber(w, "temperature", request.Temperature);
            WriteNumber(w, "top_p", request.TopP);
            if (request.OutputTokenLimit is { } limit) w.WriteNumber("max_tokens"u8, limit);
            if (request.Stop is { } stop)
            {
                w.WriteStartArray("stop"u8);
                foreach (var s in stop) w.WriteStringValue(s);
                w.WriteEndArray();
            }
            WriteNumber(w, "presence_penalty", request.PresencePenalty);
            WriteNumber(w, "frequency_penalty", request.FrequencyPenalty);
            if (request.N is { } n) w.WriteNumber("n"u8, n);
            if (request.Seed is { } seed) w.WriteNumber("seed"u8, seed);
            if (request.User is { } user) w.WriteString("user"u8, user);
            if (request.Tools is { } tools)
            {
                w.WritePropertyName("tools"u8);
                JsonSerializer.Serialize(w, tools, OpenAIJsonContext.Default.ListToolDefinition);
            }
            if (request.ToolChoice is { } choice) { w.WritePropertyName("tool_choice"u8); choice.WriteTo(w); }
            if (request.ParallelToolCalls is { } parallel) w.WriteBoolean("parallel_tool_calls"u8, parallel);
            if (request.ResponseFormat is { } format)
            {
                w.WriteStartObject("response_format"u8);
                w.WriteString("type"u8, format.Type);
                if (format.JsonSchema is { } schema) { w.WritePropertyName("json_schema"u8); schema.WriteTo(w); }
                w.WriteEndObject();
            }
            if (request.Logprobs is { } logprobs) w.WriteBoolean("logprobs"u8, logprobs);
            if (request.TopLogprobs is { } top) w.WriteNumber("top_logprobs"u8, top);
            if (request.Extra is { } extra)
            {
                foreach (var (name, value) in extra)
                {
                    w.WritePropertyName(name);
                    value.WriteTo(w);
                }
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
    }
}
