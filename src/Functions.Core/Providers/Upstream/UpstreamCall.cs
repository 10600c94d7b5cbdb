using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Unicode;

namespace Functions.Core.Providers.Upstream;

/// <summary>
/// One request to a provider, sent with <see cref="HttpCompletionOption.ResponseHeadersRead"/> and
/// held to the provider's time limits: first byte, idle between reads, total. The client's abort
/// cancels it at once. Failures become <see cref="FacadeException"/>s that name the provider, never
/// its URL (Baidu's carries the access token).
/// </summary>
public sealed class UpstreamCall : IAsyncDisposable
{
    private readonly CancellationTokenSource _total;
    private readonly CancellationToken _client;
    private readonly string _provider;
    private readonly ProviderOptions _options;
    private int _items;
    private long _bytes;
    private bool _streamed;

    private UpstreamCall(HttpResponseMessage response, Stream body, CancellationTokenSource total, CancellationToken client, string provider, ProviderOptions options, TimeSpan headersAfter)
    {
        Response = response;
        Body = body;
        _total = total;
        _client = client;
        _provider = provider;
        _options = options;
        HeadersAfter = headersAfter;
    }

    public HttpResponseMessage Response { get; }

    /// <summary>The response body, each read held to the idle limit.</summary>
    public Stream Body { get; }

    /// <summary>Time from sending to the response headers.</summary>
    public TimeSpan HeadersAfter { get; }

    /// <summary>Cancelled when the client goes or the total time runs out.</summary>
    public CancellationToken Token => _total.Token;

    public int Status => (int)Response.StatusCode;

    public MediaTypeHeaderValue? ContentType => Response.Content.Headers.ContentType;

    /// <summary>Sends <paramref name="request"/>; returns once response headers arrived (any status).</summary>
    public static async Task<UpstreamCall> SendAsync(HttpMessageInvoker invoker, HttpRequestMessage request, ProviderOptions options, string provider, CancellationToken client)
    {
        var total = CancellationTokenSource.CreateLinkedTokenSource(client);
        var started = Stopwatch.GetTimestamp();
        var firstByteFirst = options.FirstByteTimeout < options.TotalTimeout;
        total.CancelAfter(firstByteFirst ? options.FirstByteTimeout : options.TotalTimeout);
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, total.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not FacadeException)
        {
            var limitFired = total.IsCancellationRequested;
            total.Dispose();
            client.ThrowIfCancellationRequested();
            if (limitFired)
            {
                throw firstByteFirst
                    ? FacadeErrors.UpstreamTimeout(provider, "no response headers within the first-byte limit", Setting(provider, nameof(options.FirstByteTimeout)), options.FirstByteTimeout)
                    : FacadeErrors.UpstreamTimeout(provider, "no response headers within the total limit", Setting(provider, nameof(options.TotalTimeout)), options.TotalTimeout);
            }
            throw TranslateSendFailure(ex, provider, options);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var remaining = options.TotalTimeout - elapsed;
        total.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
        var body = await response.Content.ReadAsStreamAsync(total.Token).ConfigureAwait(false);
        var guarded = new IdleTimeoutStream(body, options.IdleTimeout, total.Token);
        return new UpstreamCall(response, guarded, total, client, provider, options, elapsed);
    }

    /// <summary>Reads the whole body, up to <paramref name="limit"/> bytes (else a 502); a body that is not valid UTF-8 is a 502 too.</summary>
    public async Task<byte[]> ReadBodyAsync(int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await Body.ReadAsync(chunk, Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit) throw FacadeErrors.UpstreamProtocol(_provider, $"the response exceeds {limit} bytes");
                buffer.Write(chunk, 0, read);
                _bytes += read;
            }
        }
        catch (Exception ex) when (ex is not FacadeException)
        {
            throw TranslateReadFailure(ex);
        }
        // Every answer is JSON or text: bytes that are not UTF-8 are the provider's fault, not a facade crash (issue 21).
        var body = buffer.ToArray();
        return Utf8.IsValid(body) ? body : throw FacadeErrors.UpstreamProtocol(_provider, "the response was not valid UTF-8");
    }

    /// <summary>
    /// One read of the body (an SSE item, a pipe read): transport failures, the time limits and oversized events
    /// and events that are not UTF-8 become the provider's errors; a client abort stays a cancellation.
    /// </summary>
    public async ValueTask<T> ReadAsync<T>(Func<CancellationToken, ValueTask<T>> read)
    {
        _streamed = true;
        try
        {
            var item = await read(Token).ConfigureAwait(false);
            _items++;
            return item;
        }
        catch (SseEventTooLargeException ex)
        {
            throw FacadeErrors.UpstreamProtocol(_provider, $"a stream event exceeded {ex.Limit} bytes");
        }
        catch (SseInvalidUtf8Exception)
        {
            throw FacadeErrors.UpstreamProtocol(_provider, "a stream event was not valid UTF-8");
        }
        catch (Exception ex) when (ex is not FacadeException)
        {
            throw TranslateReadFailure(ex);
        }
    }

    /// <summary>
    /// Turns a failure while reading the body into the right error (or rethrows a client abort): a time limit that fired
    /// is a timeout naming it; anything else cut the answer short after it had begun, so it is the provider's error,
    /// never "could not be reached" (docs/errors.md).
    /// </summary>
    public Exception TranslateReadFailure(Exception ex)
    {
        if (_client.IsCancellationRequested) return new OperationCanceledException(_client);
        if (ex is IdleTimeoutException)
            return FacadeErrors.UpstreamTimeout(_provider, $"no data within the idle limit after {Progress}", Setting(_provider, nameof(_options.IdleTimeout)), _options.IdleTimeout);
        if (_total.IsCancellationRequested)
            return FacadeErrors.UpstreamTimeout(_provider, $"the call reached the total limit after {Progress}", Setting(_provider, nameof(_options.TotalTimeout)), _options.TotalTimeout);
        return FacadeErrors.UpstreamReset(_provider, Progress, ex);
    }

    /// <summary>How far the answer had come: stream events read, else bytes of a whole body.</summary>
    private string Progress =>
        _streamed ? (_items == 1 ? "1 event" : $"{_items} events")
        : _bytes > 0 ? $"{_bytes} bytes of the answer"
        : "the response headers";

    /// <summary>The setting a limit comes from; a provider's display name is its section's name (<c>Providers:Lanrui</c>, …).</summary>
    private static string Setting(string provider, string name) => $"Providers:{provider}:{name}";

    /// <summary>A failure before any response headers: nothing of an answer arrived.</summary>
    private static FacadeException TranslateSendFailure(Exception ex, string provider, ProviderOptions options)
    {
        // SocketsHttpHandler reports its ConnectTimeout as a cancellation (with a TimeoutException inside) that is not ours.
        if (ex is OperationCanceledException)
            return FacadeErrors.UpstreamTimeout(provider, "no connection within the connect limit", Setting(provider, nameof(options.ConnectTimeout)), options.ConnectTimeout);
        if (ex is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse })
            return FacadeErrors.UpstreamProtocol(provider, "the response was not valid HTTP");
        if (ex is HttpRequestException http)
        {
            var reason = http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "the host name could not be resolved",
                HttpRequestError.ConnectionError => "the connection failed",
                HttpRequestError.SecureConnectionError => "the TLS handshake failed",
                HttpRequestError.ResponseEnded => "the connection closed before any answer",
                _ => "the request failed",
            };
            return FacadeErrors.UpstreamUnreachable(provider, reason, ex);
        }
        if (ex is IOException) return FacadeErrors.UpstreamUnreachable(provider, "the connection was lost before any answer", ex);
        return FacadeErrors.UpstreamUnreachable(provider, "the request failed", ex);
    }

    public ValueTask DisposeAsync()
    {
        Response.Dispose();
        _total.Dispose();
        return ValueTask.CompletedTask;
    }
}
