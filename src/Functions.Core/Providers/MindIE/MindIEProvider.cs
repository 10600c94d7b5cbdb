using System.Net.Http.Headers;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Huawei MindIE Server's OpenAI-like chat API (docs/protocols/mindie.md): mutual TLS by default, an optional
/// Bearer key for a coordinator in front, MindIE's own parameter ranges and error shape, raw-text errors
/// mid-stream, <c>full_text</c> and timing fields for the audit. The facade's request id goes out as
/// <c>req-id</c>, which MindIE uses as its response id. On the pass-through route
/// (<c>POST /mindie/v1/chat/completions</c>) the caller's MindIE-dialect body goes out unchanged (callers of this
/// route speak MindIE: no <c>max_completion_tokens</c> translation) and MindIE's answer comes back unchanged,
/// errors included, each piece with its translated meaning for the audit.
/// </summary>
public sealed class MindIEProvider : IChatProvider, IDisposable
{
    public const string ProviderName = "mindie";
    private const string Display = MindIEParameters.Display;

    private readonly MindIEOptions _options;
    private readonly ISecretStore _secrets;
    private readonly ILogger<MindIEProvider> _logger;
    private readonly MindIEConnection _connection;
    private readonly Uri _endpoint;

    public MindIEProvider(IOptions<MindIEOptions> options, ISecretStore secrets, ILogger<MindIEProvider> logger)
    {
        _options = options.Value;
        _secrets = secrets;
        _logger = logger;
        _connection = new MindIEConnection(_options, secrets, logger);
        _endpoint = new Uri(_options.BaseUrl!.TrimEnd('/') + "/chat/completions");
    }

    public string Name => ProviderName;

    /// <summary>Its key, and its client certificate when it speaks TLS.</summary>
    public IReadOnlyList<string> Secrets => _options.UsesTls ? [SecretNames.MindIEApiKey, SecretNames.MindIEClientCertificate] : [SecretNames.MindIEApiKey];

    public PreparedRequest Prepare(ChatCall call)
    {
        if (call.PassThrough) ChatRequestValidator.Validate(call.Request);
        MindIEParameters.Check(call.Request, call.Route);
        return new PreparedRequest(call, call.PassThrough ? call.RawBody : ToMindIERequest.Translate(call), call.Route.Target);
    }

    public async Task<ChatAnswer> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var upstream = await OpenAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var passThrough = request.Call.PassThrough;
            var ok = upstream.Status is >= 200 and < 300;
            var stream = ok && upstream.ContentType?.MediaType == "text/event-stream";
            if (!stream)
            {
                var body = await upstream.ReadBodyAsync(ok ? _options.MaxResponseBytes : 64 * 1024).ConfigureAwait(false);
                var error = ok ? null : MindIEErrors.FromResponse(upstream.Status, upstream.Response.Headers, body, request.Call.Request.OutputTokenLimitName);
                if (passThrough) return PassThroughAnswer(upstream, WholeAsync(body, error));
                await upstream.DisposeAsync().ConfigureAwait(false);
                return ChatAnswer.Whole(FromMindIEResponse.Translate(error is null ? body : throw error));
            }
            var updates = StreamAsync(upstream, passThrough, request.Call.RequestId);
            return passThrough ? PassThroughAnswer(upstream, updates) : new ChatAnswer(updates, upstream);
        }
        catch
        {
            await upstream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static ChatAnswer PassThroughAnswer(UpstreamCall upstream, IAsyncEnumerable<ChatUpdate> updates)
    {
        List<KeyValuePair<string, string>> headers = [];
        if (upstream.Response.Headers.TryGetValues("Retry-After", out var retry)) headers.Add(new("Retry-After", string.Join(",", retry)));
        return new ChatAnswer(updates, upstream)
        {
            Status = upstream.Status,
            ContentType = upstream.ContentType?.ToString(),
            Headers = headers,
            DialectError = MindIEErrors.ToMindIEErrorLine,
        };
    }

    /// <summary>A whole pass-through body: its bytes for the caller, its meaning for the audit; MindIE's error is thrown once its bytes went out.</summary>
    private static async IAsyncEnumerable<ChatUpdate> WholeAsync(byte[] body, FacadeException? error)
    {
        ChatUpdate? update = null;
        if (error is null)
        {
            try
            {
                update = FromMindIEResponse.Translate(body);
            }
            catch (FacadeException)
            {
                // The caller gets MindIE's bytes whatever they are; the audit gets no meaning for them.
            }
        }
        yield return (update ?? new ChatUpdate()) with { Raw = body };
        await Task.CompletedTask.ConfigureAwait(false);
        if (error is not null)
        {
            error.PassedThrough = true;
            throw error;
        }
    }

    /// <summary>Each event translated (and, passed through, with its bytes); a failure is thrown after the bytes that carried it.</summary>
    private async IAsyncEnumerable<ChatUpdate> StreamAsync(UpstreamCall upstream, bool passThrough, string requestId)
    {
        await using var reader = new MindIEStreamReader(upstream.Body, _options.MaxEventBytes, keepRaw: passThrough, requestId, _logger);
        while (await upstream.ReadAsync(reader.ReadAsync).ConfigureAwait(false) is { } item)
        {
            if (passThrough && (!item.Raw.IsEmpty || item.Update is not null)) yield return (item.Update ?? new ChatUpdate()) with { Raw = item.Raw };
            else if (!passThrough && item.Update is { } update) yield return update;
            if (item.Error is { } error) throw error;
            if (item.Done && !passThrough) yield break;
        }
    }

    /// <summary>Sends; returns once the status and headers arrived, whatever the status.</summary>
    private async Task<UpstreamCall> OpenAsync(PreparedRequest prepared, CancellationToken cancellationToken)
    {
        var channel = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var key = await _secrets.GetAsync(SecretNames.MindIEApiKey, cancellationToken).ConfigureAwait(false);
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ReadOnlyMemoryContent(prepared.Body),
            Version = System.Net.HttpVersion.Version11,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // MindIE Server has no key of its own; a coordinator in front of it may want one.
        if (key is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(prepared.Call.Stream ? "text/event-stream" : "application/json"));
        // MindIE answers with this as its "id", so its logs and the audit share the facade's request id.
        message.Headers.TryAddWithoutValidation("req-id", prepared.Call.RequestId);
        try
        {
            return await UpstreamCall.SendAsync(channel.Invoker, message, _options, Display, cancellationToken).ConfigureAwait(false);
        }
        catch (FacadeException error) when (_options.UsesTls && error.Code == ErrorCode.UpstreamUnreachable)
        {
            var refused = MindIETlsFailure.IsTlsFailure(error)
                || (MindIETlsFailure.ClosedBeforeAnswer(error) && await _connection.RefusesTlsAsync(channel, _endpoint, cancellationToken).ConfigureAwait(false));
            if (!refused) throw;
            var translated = MindIETlsFailure.Translate(error, channel.HasClientCertificate);
            MindIELog.TlsFailed(_logger, prepared.Call.RequestId, translated.Message, MindIETlsFailure.Describe(error.InnerException));
            throw translated;
        }
    }

    public void Dispose() => _connection.Dispose();
}
