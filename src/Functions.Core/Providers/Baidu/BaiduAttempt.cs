namespace Functions.Core.Providers.Baidu;

/// <summary>
/// One answer from Baidu, inspected up to its first item so the provider can tell a token error or a
/// transient error (recovered by resending) from an answer: a whole JSON body, or a stream whose first item
/// has been read (with the bytes it came in, for a pass-through caller).
/// </summary>
internal sealed class BaiduAttempt(UpstreamCall call, string token) : IAsyncDisposable
{
    public UpstreamCall Call { get; } = call;

    /// <summary>The access token the request was sent with (to invalidate it, to scrub it).</summary>
    public string Token { get; } = token;

    /// <summary>A whole JSON body (non-stream, or Baidu's JSON answer to a stream request).</summary>
    public byte[]? Body { get; init; }

    /// <summary>The body or the first stream item, parsed; its <see cref="BaiduMessage.ErrorCode"/> decides recovery.</summary>
    public BaiduMessage? First { get; init; }

    /// <summary>The stream, positioned after <see cref="First"/>.</summary>
    public SseReader? Events { get; init; }

    /// <summary>The first stream item: its data (the JSON), and the bytes it arrived in (comments before it included).</summary>
    public BaiduStreamItem? FirstItem { get; init; }

    public long? ErrorCode => First?.ErrorCode;

    public async ValueTask DisposeAsync()
    {
        if (Events is not null) await Events.DisposeAsync().ConfigureAwait(false);
        await Call.DisposeAsync().ConfigureAwait(false);
    }
}
