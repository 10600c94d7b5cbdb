using Functions.Core.Chat;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Translates one Baidu stream (§1.5) event by event. Every <c>data:</c> event becomes an update with its
/// text (a delta, not cumulative) and its usage (the relay keeps the last, never a sum); the
/// <c>is_end: true</c> event carries the finish reason and the <c>baidu</c> object. Each update's facts are
/// the verdict so far, so the last one is the call's. Once a withheld flag is seen, later text goes to
/// <see cref="ChatUpdate.WithheldContent"/> only; text already relayed cannot be recalled (the final chunk
/// tells the client to retract it).
/// </summary>
public sealed class BaiduStreamTranslator(IReadOnlySet<int> withheldFlags)
{
    private readonly BaiduVerdict _verdict = new(withheldFlags);
    private string? _toolCallId;
    private bool _first = true;

    /// <summary>Translates the next event; <paramref name="upstreamHeaders"/> go out with the first update only.</summary>
    public ChatUpdate FromBaiduChunk(BaiduMessage message, IReadOnlyList<KeyValuePair<string, string>>? upstreamHeaders = null) =>
        Translate(message, upstreamHeaders, message.IsEnd);

    /// <summary>Translates one event; a <paramref name="final"/> one carries the finish reason and the <c>baidu</c> object.</summary>
    internal ChatUpdate Translate(BaiduMessage message, IReadOnlyList<KeyValuePair<string, string>>? upstreamHeaders, bool final)
    {
        _verdict.Observe(message);
        var text = string.IsNullOrEmpty(message.Result) ? null : message.Result;
        var withhold = _verdict.Withholds;
        if (withhold && text is not null) _verdict.MarkWithheld();
        // Baidu makes at most one call per turn and sends it whole: relay it once.
        IReadOnlyList<ToolCallUpdate>? tools = message.FunctionName is { } name && _toolCallId is null
            ? [new ToolCallUpdate(0, _toolCallId = BaiduToolCalls.NewId(), name, message.FunctionArguments ?? "{}")]
            : null;
        List<KeyValuePair<string, string>>? headers = null;
        if (_first)
        {
            // Only the first event's verdict is known when the stream's headers leave; the final chunk is authoritative.
            headers = upstreamHeaders is null ? [] : [.. upstreamHeaders];
            _verdict.AddHeaders(headers);
            _first = false;
        }
        return new ChatUpdate
        {
            Content = withhold ? null : text,
            WithheldContent = withhold ? text : null,
            ToolCalls = tools,
            FinishReason = final ? _verdict.FinishReason() : null,
            RawFinishReason = message.FinishReason,
            Usage = message.Usage,
            UpstreamId = message.Id,
            Facts = _verdict.ToFacts(),
            Extension = final ? _verdict.ToExtension() : null,
            ResponseHeaders = headers,
        };
    }
}
