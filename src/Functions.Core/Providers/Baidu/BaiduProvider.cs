using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Functions.Core.Chat;
using Functions.Core.Diagnostics;
using Functions.Core.Errors;
using Functions.Core.Providers.OpenAICompatible;
using Functions.Core.Streaming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Baidu ERNIE, wenxinworkshop v1 (seed 001, provider-protocols §1): the model's <c>Target</c> is the chat
/// endpoint's last path segment, the access token rides in the query string (so no URL is ever logged or
/// put in an error). Before the first byte reaches the client, a refused token (100/110/111) is dropped,
/// refreshed and the request resent once, and transient errors (336100, 18, 2) are retried with backoff.
/// </summary>
public sealed partial class BaiduProvider : IChatProvider, INativeChatProvider, IDisposable
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

    public BaiduProvider(IOptions<BaiduOptions> options, BaiduTokenCache tokens, TimeProvider time, ILogger<BaiduProvider> logger)
    {
        _options = options.Value;
        _tokens = tokens;
        _time = time;
        _logger = logger;
        _invoker = new HttpMessageInvoker(UpstreamHandlerFactory.Create(_options));
        _chatBase = _options.BaseUrl!.TrimEnd('/') + ChatPath;
        _withheld = _options.ParseWithheldFlags();
    }

    public string Name => ProviderName;

    public PreparedRequest Prepare(ChatCall call) =>
        new(call, BaiduRequestWriter.ToBaiduRequest(call, MaxOutputTokens(call)), call.Route.Target);

    public async Task<ChatCompletion> CompleteAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        await using var attempt = await SendAsync(request, AttemptMode.Json, cancellationToken).ConfigureAwait(false);
        var headers = BaiduHeaders.RateLimits(attempt.Call.Response.Headers);
        ThrowIfFailed(attempt, headers);
        return BaiduResponseReader.FromBaiduResponse(attempt.First!, _withheld, headers);
    }

    public async IAsyncEnumerable<ChatUpdate> StreamAsync(PreparedRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var attempt = await SendAsync(request, AttemptMode.Events, cancellationToken).ConfigureAwait(false);
        var headers = BaiduHeaders.RateLimits(attempt.Call.Response.Headers);
        ThrowIfFailed(attempt, headers);
        if (attempt.Events is not { } events)
        {
            // A whole JSON answer to a stream request: one final update with everything.
            yield return new BaiduStreamTranslator(_withheld).Translate(attempt.First!, headers, final: true);
            yield break;
        }
        var message = attempt.First ?? throw FacadeErrors.UpstreamProtocol(Display, "the stream ended before its first event");
        var translator = new BaiduStreamTranslator(_withheld);
        yield return translator.FromBaiduChunk(message, headers);
        while (!message.IsEnd)
        {
            message = await NextEventAsync(events, attempt.Call).ConfigureAwait(false)
                ?? throw FacadeErrors.UpstreamProtocol(Display, "the stream ended without is_end, so the answer may be incomplete");
            if (message.IsError) throw BaiduErrorMapper.FromError(message.ErrorCode!.Value, message.ErrorMessage, [], attempt.Token);
            yield return translator.FromBaiduChunk(message);
        }
    }

    private int MaxOutputTokens(ChatCall call) => call.Route.MaxOutputTokens ?? _options.DefaultMaxOutputTokens;

    /// <summary>Sends until Baidu's answer is neither a refused token (once) nor a transient error (up to MaxRetries).</summary>
    private async Task<BaiduAttempt> SendAsync(PreparedRequest prepared, AttemptMode mode, CancellationToken cancellationToken)
    {
        var tokenRefreshed = false;
        var retries = 0;
        while (true)
        {
            var token = await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            var attempt = await AttemptAsync(prepared, token, mode, cancellationToken).ConfigureAwait(false);
            if (attempt.ErrorCode is not { } code) return attempt;
            if (BaiduErrorMapper.IsTokenError(code))
            {
                var detail = $"error {code}: {attempt.First!.ErrorMessage ?? "no message"}";
                await attempt.DisposeAsync().ConfigureAwait(false);
                _tokens.Invalidate(token);
                if (tokenRefreshed) throw BaiduErrorMapper.CredentialsRejected(detail, code.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Log.TokenRefused(_logger, prepared.Call.RequestId, code);
                tokenRefreshed = true;
                continue;
            }
            if (BaiduErrorMapper.IsRetryable(code) && retries < _options.MaxRetries)
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

    /// <summary>One request; reads the answer up to its first item.</summary>
    private async Task<BaiduAttempt> AttemptAsync(PreparedRequest prepared, string token, AttemptMode mode, CancellationToken cancellationToken)
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
            var stream = ok && mode != AttemptMode.Json && call.ContentType?.MediaType == "text/event-stream";
            if (!stream)
            {
                var body = await call.ReadBodyAsync(ok ? _options.MaxResponseBytes : 64 * 1024).ConfigureAwait(false);
                return new BaiduAttempt(call, token) { Body = body, First = TryParse(body) };
            }
            if (mode == AttemptMode.Raw)
            {
                var raw = PipeReader.Create(call.Body, new StreamPipeReaderOptions(leaveOpen: true));
                return new BaiduAttempt(call, token) { Raw = raw, First = await PeekFirstLineAsync(raw, call).ConfigureAwait(false) };
            }
            var events = new SseReader(call.Body, _options.MaxEventBytes);
            try
            {
                return new BaiduAttempt(call, token) { Events = events, First = await NextEventAsync(events, call).ConfigureAwait(false) };
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

    /// <summary>The next stream item: a <c>data:</c> event, or a bare JSON line (Baidu's mid-stream error, §1.5); null at the end.</summary>
    private async Task<BaiduMessage?> NextEventAsync(SseReader events, UpstreamCall call)
    {
        if (!await call.ReadAsync(events.ReadAsync).ConfigureAwait(false)) return null;
        if (events.Kind == SseItemKind.Event) return BaiduMessage.Parse(events.Data, "a stream event");
        var line = BaiduMessage.Parse(events.Data, "a stream line without 'data:'");
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
            throw BaiduErrorMapper.FromError(error.ErrorCode!.Value, error.ErrorMessage, rateLimits, attempt.Token);
        if (attempt.Call.Status is < 200 or >= 300)
            throw OpenAICompatibleErrorMapper.FromResponse(Display, attempt.Call.Status, attempt.Call.Response.Headers, attempt.Body);
        if (attempt.Body is not null && attempt.First is null) throw FacadeErrors.UpstreamProtocol(Display, "the response was not a JSON object");
    }

    public void Dispose() => _invoker.Dispose();

    private enum AttemptMode
    {
        /// <summary>Read the whole body.</summary>
        Json,

        /// <summary>A stream read event by event (OpenAI route).</summary>
        Events,

        /// <summary>A stream passed on byte for byte (native route).</summary>
        Raw,
    }

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
