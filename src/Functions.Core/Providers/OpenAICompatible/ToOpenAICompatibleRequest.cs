using System.Buffers;
using System.Text.Encodings.Web;

namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>
/// Builds the body for an OpenAI-shaped upstream (Lanrui, MindIE): the caller's request with the configured
/// target as <c>model</c> and the output limit as <c>max_tokens</c> (the name these servers document), shaped by
/// the provider's <see cref="OpenAICompatibleDialect"/>.
/// </summary>
public static class ToOpenAICompatibleRequest
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Translate(ChatCall call, OpenAICompatibleDialect dialect)
    {
        var request = call.Request;
        var buffer = new ArrayBufferWriter<byte>(call.RawBody.Length + 256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("model"u8, call.Route.Target);
            w.WritePropertyName("messages"u8);
            if (dialect.WriteMessages is { } write) write(w, request.Messages ?? []);
            else JsonSerializer.Serialize(w, request.Messages, OpenAIJsonContext.Default.ListChatMessage);
            if (request.IsStream || dialect.WritesStreamFalse) w.WriteBoolean("stream"u8, request.IsStream);
            if (request.IsStream && dialect.AsksStreamUsage)
            {
                w.WriteStartObject("stream_options"u8);
                w.WriteBoolean("include_usage"u8, true);
                w.WriteEndObject();
            }
            RequestFieldWriter.WriteSampling(w, request, "max_tokens"u8);
            if (request.N is { } n) w.WriteNumber("n"u8, n);
            if (request.Seed is { } seed) w.WriteNumber("seed"u8, seed);
            if (dialect.TakesUserAndParallelToolCalls && request.User is { } user) w.WriteString("user"u8, user);
            RequestFieldWriter.WriteTools(w, request);
            if (dialect.TakesUserAndParallelToolCalls && request.ParallelToolCalls is { } parallel) w.WriteBoolean("parallel_tool_calls"u8, parallel);
            RequestFieldWriter.WriteResponseFormat(w, request.ResponseFormat);
            RequestFieldWriter.WriteExtras(w, request.Extra, dialect.ForwardsExtra);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
