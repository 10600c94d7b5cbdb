using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Functions.Core.Diagnostics;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Baidu ERNIE, wenxinworkshop v1 (docs/protocols/baidu.md), on both routes: the model's <c>Target</c> is the chat
/// endpoint's last path segment, the access token rides in the query string (so no URL is ever logged or put in
/// an error). Before the first byte reaches the client, a refused token (100/110/111) is dropped, refreshed and
/// the request resent once, and transient errors (336100, 18, 2) are retried with backoff. On the pass-through
/// route (<c>POST /baidu/chat/{endpoint}</c>) what Baidu sends after that reaches the caller byte for byte as each
/// event completes (comments, bare error lines and no <c>[DONE]</c> included), except that text under a withheld
/// flag is blanked (<c>Providers:Baidu:WithholdOnPassThrough</c>).
/// </summary>
public sealed partial class BaiduProvider : IChatProvider, IDisposable
{
    public const string ProviderName = "baidu";
    public const string Display = "Baidu";
    public const string ChatPath = "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/";

    private readonly BaiduOptions _options;
    private readonly BaiduTokenCache _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpMessageInvoker _invoker;
    private readonly string _chatBase;
    private readonly IReadOnlySet<int> _withheld;
    private readonly IReadOnlySet<int> _withheldOnPassThrough;

    public BaiduProvider(IOptions<BaiduOptions> options, BaiduTokenCache tokens, TimeProvider time, ILogger<BaiduProvider> logger)
    {
        _options = options.Value;
        _tokens = tokens;
        _time = time;
        _logger = logger;
        _invoker = new HttpMessageInvoker(UpstreamHandlerFactory.Create(_options));
        _chatBase = _options.BaseUrl!.TrimEnd('/') + ChatPath;
        _withheld = _options.ParseWithheldFlags();
        _withheldOnPassThrough = _options.WithholdOnPassThrough ? _withheld : new HashSet<int>();
    }

    public string Name => ProviderName;

    public IReadOnlyList<string> Secrets { get; } = [SecretNames.BaiduApiKey, SecretNames.BaiduSecretKey];

    public PreparedRequest Prepare(ChatCall call) => new(call,
        call.PassThrough ? ToBaiduRequest.PassThrough(call, MaxOutputTokens(call)) : ToBaiduRequest.Translate(call, MaxOutputTokens(call)),
        call.Route.Target);

    public async Task<ChatAnswer> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var passThrough = request.Call.PassThrough;
        var attempt = await SendAsync(request, passThrough, cancellationToken).ConfigureAwait(false);
        try
        {
            return passThrough ? PassThroughAnswer(attempt) : await UnifiedAnswerAsync(attempt).ConfigureAwait(false);
        }
        catch
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ChatAnswer> UnifiedAnswerAsync(BaiduAttempt attempt)
    {
        var headers = new List<KeyValuePair<string, string>>(BaiduHeaders.RateLimits(attempt.Call.Response.Headers));
        ThrowIfFailed(attempt, headers);
        var translator = new FromBaiduChunk(_withheld);
        if (attempt.Events is not { } events)
        {
            // A whole JSON answer (non-stream, or to a stream request): one final update with everything.
            var whole = FromBaiduResponse.Translate(attempt.First!, translator, headers);
            await attempt.DisposeAsync().ConfigureAwait(false);
            return ChatAnswer.Whole(whole, headers);
        }
        var message = attempt.First ?? throw FacadeErrors.UpstreamProtocol(Display, "the stream ended before its first event");
        var first = translator.Translate(message);
        translator.AddVerdictHeaders(headers);
        return new ChatAnswer(UnifiedStreamAsync(events, attempt, translator, message, first), attempt) { Headers = headers };
    }

    private async IAsyncEnumerable<ChatUpdate> UnifiedStreamAsync(SseReader events, BaiduAttempt attempt, FromBaiduChunk translator, BaiduMessage message, ChatUpdate first)
    {
        yield return first;
        while (!message.IsEnd)
        {
            var item = await NextItemAsync(events, attempt.Call).ConfigureAwait(false)
                ?? throw FacadeErrors.UpstreamProtocol(Display, "the stream ended without is_end, so the answer may be incomplete");
            message = ParseItem(item);
            if (message.IsError) throw BaiduErrors.FromError(message.ErrorCode!.Value, message.ErrorMessage, [], attempt.Token);
            yield return translator.Translate(message);
        }
    }

    private int MaxOutputTokens(ChatCall call) => call.Route.MaxOutputTokens ?? _options.DefaultMaxOutputTokens;

    /// <summary>Sends until Baidu's answer is neither a refused token (once) nor a transient error (up to MaxRetries).</summary>
    private async Task<BaiduAttempt> SendAsync(PreparedRequest prepared, bool keepRaw, CancellationToken cancellationToken)
    {
        var tokenRefreshed = false;
        var retries = 0;
        while (true)
        {
            var token = await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            var attempt = await AttemptAsync(prepared, token, keepRaw, cancellationToken).ConfigureAwait(false);
            if (attempt.ErrorCode is not { } code) return attempt;
            if (BaiduErrors.IsTokenError(code))
            {
                var detail = $"error {code}: {attempt.First!.ErrorMessage ?? "no message"}";
                await attempt.DisposeAsync().ConfigureAwait(false);
                _tokens.Invalidate(token);
                if (tokenRefreshed) throw BaiduErrors.CredentialsRejected(detail, code.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Log.TokenRefused(_logger, prepared.Call.RequestId, code);
                tokenRefreshed = true;
                continue;
            }
            if (BaiduErrors.IsRetryable(code) && retries < _options.MaxRetries)
            {
                await attempt.DisposeAsync().ConfigureAwait(false);
                var delay = Backoff(retries++);
                Log.Retrying(_logger, prepared.Call.RequestId, code, delay.TotalMilliseconds, retries);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            return attempt;
        }
    }

    private TimeSpan Backoff(int retry) =>
        _options.RetryBaseDelay * Math.Pow(2, retry) * (0.8 + Random.Shared.NextDouble() * 0.4);

    /// <summary>One request; reads the answer up to its first item (with its bytes when <paramref name="keepRaw"/>).</summary>
    private async Task<BaiduAttempt> AttemptAsync(PreparedRequest prepared, string token, bool keepRaw, CancellationToken cancellationToken)
    {
        var url = new Uri(_chatBase + Uri.EscapeDataString(prepared.Target) + "?access_token=" + Uri.EscapeDataString(token));
        using var message = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ReadOnlyMemoryContent(prepared.Body),
            Version = System.Net.HttpVersion.Version11,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Log.Sending(_logger, prepared.Call.RequestId, UrlRedactor.Redact(url));
        var call = await UpstreamCall.SendAsync(_invoker, message, _options, Display, cancellationToken).ConfigureAwait(false);
        try
        {
            var ok = call.Status is >= 200 and < 300;
            if (!(ok && prepared.Call.Stream && call.ContentType?.MediaType == "text/event-stream"))
            {
                var body = await call.ReadBodyAsync(ok ? _options.MaxResponseBytes : 64 * 1024).ConfigureAwait(false);
                return new BaiduAttempt(call, token) { Body = body, First = TryParse(body) };
            }
            var events = new SseReader(call.Body, _options.MaxEventBytes, keepRaw);
            try
            {
                var first = await FirstItemAsync(events, call).ConfigureAwait(false);
                var parsed = first is null ? null : keepRaw ? TryParse(first.Json) : ParseItem(first);
                return new BaiduAttempt(call, token) { Events = events, FirstItem = first, First = parsed };
            }
            catch
            {
                await events.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            await call.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The first event or bare line; the bytes of comments before it are kept with it.</summary>
    private static async Task<BaiduStreamItem?> FirstItemAsync(SseReader events, UpstreamCall call)
    {
        byte[]? comments = null;
        while (await NextItemAsync(events, call).ConfigureAwait(false) is { } item)
        {
            if (item.Kind != SseItemKind.Comment)
                return comments is null ? item : item with { Raw = (byte[])[.. comments, .. item.Raw.Span] };
            comments = [.. comments ?? [], .. item.Raw.Span];
        }
        return null;
    }

    /// <summary>The next stream item, or null at the end. Its JSON is valid until the next read; its bytes are its own.</summary>
    private static async Task<BaiduStreamItem?> NextItemAsync(SseReader events, UpstreamCall call) =>
        await call.ReadAsync(events.ReadAsync).ConfigureAwait(false) ? new BaiduStreamItem(events.Kind, events.Data, events.Raw.ToArray()) : null;

    /// <summary>A <c>data:</c> event, or a bare JSON line that must be Baidu's mid-stream error (docs/protocols/baidu.md).</summary>
    private static BaiduMessage ParseItem(BaiduStreamItem item)
    {
        if (item.Kind == SseItemKind.Event) return BaiduMessage.Parse(item.Json, "a stream event");
        var line = BaiduMessage.Parse(item.Json, "a stream line without 'data:'");
        return line.IsError ? line : throw FacadeErrors.UpstreamProtocol(Display, "the stream carried a line without 'data:' that is not an error");
    }

    private static BaiduMessage? TryParse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return BaiduMessage.Parse(json, "the response");
        }
        catch (FacadeException)
        {
            return null;
        }
    }

    /// <summary>Throws the mapped error for a non-2xx status, an <c>error_code</c> body or a body that is no JSON object.</summary>
    private static void ThrowIfFailed(BaiduAttempt attempt, IReadOnlyList<KeyValuePair<string, string>> rateLimits)
    {
        if (attempt.First is { IsError: true } error)
            throw BaiduErrors.FromError(error.ErrorCode!.Value, error.ErrorMessage, rateLimits, attempt.Token);
        if (attempt.Call.Status is < 200 or >= 300) throw BaiduErrors.FromStatus(attempt.Call, attempt.Body);
        if (attempt.Body is not null && attempt.First is null) throw FacadeErrors.UpstreamProtocol(Display, "the response was not a JSON object");
    }

    public void Dispose() => _invoker.Dispose();

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Information, "Call {RequestId}: Baidu refused the access token (error {Code}); refreshing it and resending once")]
        public static partial void TokenRefused(ILogger logger, string requestId, long code);

        [LoggerMessage(3003, LogLevel.Debug, "Call {RequestId}: POST {Url}")]
        public static partial void Sending(ILogger logger, string requestId, string url);

        [LoggerMessage(3002, LogLevel.Information, "Call {RequestId}: Baidu answered transient error {Code}; retry {Retry} in {DelayMs:F0} ms")]
        public static partial void Retrying(ILogger logger, string requestId, long code, double delayMs, int retry);
    }
}
