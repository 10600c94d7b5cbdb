using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.OpenAI;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Builds the body for MindIE's <c>/v1/chat/completions</c> (vLLM-compatible mode, provider-protocols §2.3).
/// What differs from passing the OpenAI request through:
/// <list type="bullet">
/// <item><c>max_completion_tokens</c> (all the .NET SDK sends) goes out as <c>max_tokens</c>: MindIE ignores the
/// former and would silently stop at <c>maxIterTimes</c> (512 by default).</item>
/// <item><c>stream_options</c>, <c>user</c>, <c>parallel_tool_calls</c> and unknown fields are not sent (MindIE ignores
/// them; the facade makes the usage chunk itself).</item>
/// <item>The MindIE-only fields of <see cref="MindIERequestRules.ForwardedExtras"/> are forwarded as they came.</item>
/// <item><c>developer</c> messages become <c>system</c> (MindIE knows system, user, assistant, tool); assistant
/// content given as text parts becomes a string (MindIE requires one). Multimodal parts pass through.</item>
/// </list>
/// </summary>
public static class ToMindIERequest
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Translate(ChatCall call)
    {
        var request = call.Request;
        var buffer = new ArrayBufferWriter<byte>(call.RawBody.Length + 256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("model"u8, call.Route.Target);
            WriteMessages(w, request.Messages ?? []);
            w.WriteBoolean("stream"u8, request.IsStream);
            if (request.Temperature is { } temperature) w.WriteNumber("temperature"u8, temperature);
            if (request.TopP is { } topP) w.WriteNumber("top_p"u8, topP);
            if (request.OutputTokenLimit is { } limit) w.WriteNumber("max_tokens"u8, limit);
            RequestFieldWriter.WriteStop(w, request.Stop);
            if (request.PresencePenalty is { } presence) w.WriteNumber("presence_penalty"u8, presence);
            if (request.FrequencyPenalty is { } frequency) w.WriteNumber("frequency_penalty"u8, frequency);
            if (request.N is { } n) w.WriteNumber("n"u8, n);
            if (request.Seed is { } seed) w.WriteNumber("seed"u8, seed);
            RequestFieldWriter.WriteTools(w, request);
            RequestFieldWriter.WriteResponseFormat(w, request.ResponseFormat);
            if (request.Logprobs is { } logprobs) w.WriteBoolean("logprobs"u8, logprobs);
            if (request.TopLogprobs is { } top) w.WriteNumber("top_logprobs"u8, top);
            RequestFieldWriter.WriteExtras(w, request.Extra, MindIERequestRules.ForwardedExtras.Contains);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMessages(Utf8JsonWriter w, List<ChatMessage> messages)
    {
        w.WriteStartArray("messages"u8);
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
                        $"'messages[{i}].content' of an assistant message must be text for {MindIERequestRules.Display} models."));
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
