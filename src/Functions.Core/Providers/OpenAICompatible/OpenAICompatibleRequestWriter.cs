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
            RequestFieldWriter.WriteStop(w, request.Stop);
            WriteNumber(w, "presence_penalty", request.PresencePenalty);
            WriteNumber(w, "frequency_penalty", request.FrequencyPenalty);
            if (request.N is { } n) w.WriteNumber("n"u8, n);
            if (request.Seed is { } seed) w.WriteNumber("seed"u8, seed);
            if (request.User is { } user) w.WriteString("user"u8, user);
            RequestFieldWriter.WriteTools(w, request);
            if (request.ParallelToolCalls is { } parallel) w.WriteBoolean("parallel_tool_calls"u8, parallel);
            RequestFieldWriter.WriteResponseFormat(w, request.ResponseFormat);
            if (request.Logprobs is { } logprobs) w.WriteBoolean("logprobs"u8, logprobs);
            if (request.TopLogprobs is { } top) w.WriteNumber("top_logprobs"u8, top);
            RequestFieldWriter.WriteExtras(w, request.Extra);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
    }
}
