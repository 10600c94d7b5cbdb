using System.Text.Json;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.Providers.OpenAICompatible;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Translates MindIE's non-stream <c>chat.completion</c> (provider-protocols §2.4): <c>message.tool_calls</c>
/// is always present and <c>[]</c> means none; the timings (<see cref="MindIEBenchmark"/>) become audit
/// facts and the <c>mindie</c> object of the facade's response.
/// </summary>
public static class FromMindIEResponse
{
    public static ChatCompletion Translate(ReadOnlyMemory<byte> body)
    {
        using (var document = UpstreamJson.ParseObject(body, MindIERequestRules.Display, "the response"))
        {
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind is not JsonValueKind.Null) throw MindIEErrorMapper.FromStreamError(root);
            var choice = FromMindIEChunk.FirstChoice(root) ?? throw FacadeErrors.UpstreamProtocol(MindIERequestRules.Display, "the response has no choices");
            string? content = null;
            List<ToolCallUpdate>? tools = null;
            if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                if (message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String) content = c.GetString();
                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
                    tools = OpenAICompatibleToolCalls.Read(calls);
            }
            var raw = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            var timings = MindIEBenchmark.Read(root);
            return new ChatCompletion
            {
                Content = content,
                ToolCalls = tools,
                FinishReason = tools is not null && raw is null ? FinishReasons.ToolCalls : FinishReasons.FromOpenAI(raw),
                RawFinishReason = raw,
                Usage = OpenAICompatibleUsage.Read(root),
                Extension = timings.Extension,
                UpstreamId = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                Facts = MindIEBenchmark.Facts(timings, null),
            };
        }
    }

    /// <summary>The whole answer as one update (a JSON body where a stream was asked for, or the native route's audit).</summary>
    public static ChatUpdate ToUpdate(ChatCompletion completion) => new()
    {
        Content = completion.Content,
        ToolCalls = completion.ToolCalls,
        FinishReason = completion.FinishReason,
        RawFinishReason = completion.RawFinishReason,
        Usage = completion.Usage,
        Extension = completion.Extension,
        UpstreamId = completion.UpstreamId,
        Facts = completion.Facts,
    };
}
