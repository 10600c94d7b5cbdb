using System.IO.Pipelines;
using Functions.Core.Streaming;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// One answer from Baidu, inspected up to its first item so the provider can tell a token error or a
/// transient error (recovered by resending) from an answer: a whole JSON body, a stream whose first
/// event has been read, or (native route) a stream peeked without consuming a byte.
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

    /// <summary>The stream, positioned after <see cref="First"/> (OpenAI route).</summary>
    public SseReader? Events { get; init; }

    /// <summary>The stream, nothing consumed yet (native route).</summary>
    public PipeReader? Raw { get; init; }

    public long? ErrorCode => First?.ErrorCode;

    public async ValueTask DisposeAsync()
    {
        if (Events is not null) await Events.DisposeAsync().ConfigureAwait(false);
        if (Raw is not null) await Raw.CompleteAsync().ConfigureAwait(false);
        await Call.DisposeAsync().ConfigureAwait(false);
    }
}
