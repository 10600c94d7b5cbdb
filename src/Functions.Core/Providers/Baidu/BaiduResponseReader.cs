using Functions.Core.Chat;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Translates a whole Baidu answer (§1.4) into a <see cref="ChatCompletion"/>, as the final event of a
/// one-event stream: <c>result</c> as the content, <c>function_call</c> as one tool call with a generated id,
/// the mapped finish reason, the verdict as facts, as the <c>baidu</c> object and as headers. Content under a
/// withheld flag becomes empty for the client and stays in <see cref="ChatCompletion.WithheldContent"/> for the audit.
/// </summary>
public static class BaiduResponseReader
{
    public static ChatCompletion FromBaiduResponse(BaiduMessage message, IReadOnlySet<int> withheldFlags, IReadOnlyList<KeyValuePair<string, string>> upstreamHeaders)
    {
        var update = new BaiduStreamTranslator(withheldFlags).Translate(message, upstreamHeaders, final: true);
        return new ChatCompletion
        {
            Content = update.Content ?? "",
            WithheldContent = update.WithheldContent,
            ToolCalls = update.ToolCalls,
            FinishReason = update.FinishReason!,
            RawFinishReason = update.RawFinishReason,
            Usage = update.Usage,
            UpstreamId = update.UpstreamId,
            Facts = update.Facts,
            Extension = update.Extension,
            ResponseHeaders = update.ResponseHeaders,
        };
    }
}
