namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Reads MindIE's SSE stream (docs/protocols/mindie.md), one <see cref="MindIEStreamItem"/> per event:
/// <list type="bullet">
/// <item>a line without <c>data:</c> is MindIE's raw-text or raw-JSON error after the stream started; a
/// standard SSE parser would skip it and the failure would look like a clean end, so it is an error here;</item>
/// <item>a stream that ends without <c>data: [DONE]</c> is an upstream error too;</item>
/// <item><c>full_text</c> is compared with the deltas at <c>[DONE]</c>: a mismatch is logged with the request id
/// (the audit keeps <c>full_text</c> as the final text).</item>
/// </list>
/// Read failures (I/O, size cap) propagate as they are, for the caller to translate. With
/// <c>keepRaw</c>, each item also carries the exact bytes read, for the pass-through route.
/// </summary>
public sealed class MindIEStreamReader : IAsyncDisposable
{
    private readonly SseReader _sse;
    private readonly string _requestId;
    private readonly ILogger _logger;
    private readonly StringBuilder _deltas = new();
    private string? _fullText;
    private bool _done;
    private bool _ended;

    public MindIEStreamReader(Stream body, int maxEventBytes, bool keepRaw, string requestId, ILogger logger)
    {
        _sse = new SseReader(body, maxEventBytes, keepRaw);
        _requestId = requestId;
        _logger = logger;
    }

    /// <summary>The next item, or null once everything was read.</summary>
    public async ValueTask<MindIEStreamItem?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_ended) return null;
        if (await _sse.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var raw = _sse.Raw.ToArray();
            // Bytes after [DONE], and comments, are handed on but not interpreted.
            if (_done || _sse.Kind == SseItemKind.Comment) return new MindIEStreamItem(raw, null, _done, null);
            // MindIE's own words: on the pass-through route they reach the caller as written.
            if (_sse.Kind == SseItemKind.BareLine)
            {
                var error = MindIEErrors.FromBareLine(_sse.Data.Span);
                error.PassedThrough = true;
                return End(raw, error);
            }
            if (_sse.Data.Span.SequenceEqual("[DONE]"u8))
            {
                _done = true;
                CheckFullText();
                return new MindIEStreamItem(raw, null, true, null);
            }
            ChatUpdate update;
            try
            {
                update = FromMindIEChunk.Translate(_sse.Data);
            }
            catch (FacadeException error)
            {
                return End(raw, error);
            }
            if (update.Content is { } content) _deltas.Append(content);
            if (update.Facts?.FullText is { } fullText) _fullText = fullText;
            return new MindIEStreamItem(raw, update, false, null);
        }
        _ended = true;
        ReadOnlyMemory<byte> rest = _sse.Raw.ToArray();
        if (_done) return rest.IsEmpty ? null : new MindIEStreamItem(rest, null, true, null);
        return new MindIEStreamItem(rest, null, false, FacadeErrors.UpstreamProtocol(MindIEParameters.Display, "the stream ended without [DONE]"));
    }

    private MindIEStreamItem End(ReadOnlyMemory<byte> raw, FacadeException error)
    {
        _ended = true;
        return new MindIEStreamItem(raw, null, false, error);
    }

    private void CheckFullText()
    {
        if (_fullText is null) return;
        var deltas = _deltas.ToString();
        if (string.Equals(deltas, _fullText, StringComparison.Ordinal)) return;
        var common = 0;
        while (common < deltas.Length && common < _fullText.Length && deltas[common] == _fullText[common]) common++;
        MindIELog.FullTextMismatch(_logger, _requestId, _fullText.Length, deltas.Length, common);
    }

    public ValueTask DisposeAsync() => _sse.DisposeAsync();
}
