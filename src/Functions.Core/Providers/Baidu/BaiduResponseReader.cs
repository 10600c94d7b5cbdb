using Functions.Core.Chat;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Translates a whole Baidu answer (§1.4) into a <see cref="ChatCompletion"/>: <c>result</c> as the content,
/// <c>function_call</c> as one tool call with a generated id, the mapped finish reason, the verdict as facts,
/// as the <c>baidu</c> object and as headers. Content under a withheld flag becomes empty for the client
/// and stays in <see cref="ChatCompletion.WithheldContent"/> for the audit.
/// </summary>
public static class BaiduResponseReader
{
    public static ChatCompletion FromBaiduResponse(BaiduMessage message, IReadOnlySet<int> withheldFlags, IReadOnlyList<KeyValuePair<string, string>> upstreamHeaders)
    {
        var verdict = new BaiduVerdict(withheldFlags);
        verdict.Observe(message);
        var text = message.Result ?? "";
        var withhold = verdict.Withholds;
        if (withhold && text.Length > 0) verdict.MarkWithheld();
        IReadOnlyList<ToolCallUpdate>? tools = message.FunctionName is { } name
            ? [new ToolCallUpdate(0, BaiduToolCalls.NewId(), name, message.FunctionArguments ?? "{}")]
            : null;
        var headers = new List<KeyValuePair<string, string>>(upstreamHeaders);
        verdict.AddHeaders(headers);
        return new ChatCompletion
        {
            Content = withhold ? "" : text,
            WithheldContent = withhold && text.Length > 0 ? text : null,
            ToolCalls = tools,
            FinishReason = verdict.FinishReason(),
            RawFinishReason = message.FinishReason,
            Usage = message.Usage,
            UpstreamId = message.Id,
            Facts = verdict.ToFacts(),
            Extension = verdict.ToExtension(),
            ResponseHeaders = headers,
        };
    }
}
