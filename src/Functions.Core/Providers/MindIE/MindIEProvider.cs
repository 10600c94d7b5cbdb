using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.Secrets;
using Functions.Core.Streaming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Huawei MindIE Server's OpenAI-like chat API (provider-protocols §2, seed 000): mutual TLS by default,
/// an optional Bearer key for a coordinator in front, MindIE's own parameter ranges and error shape,
/// raw-text errors mid-stream, <c>full_text</c> and timing fields for the audit. The facade's request id
/// goes out as <c>req-id</c>, which MindIE uses as its response id. Also serves the pass-through route
/// (<see cref="INativeChatProvider"/>, in <c>MindIEProvider.Native.cs</c>).
/// </summary>
public sealed partial class MindIEProvider : IChatProvider, IDisposable
{
    public const string ProviderName = "mindie";
    private const string Display = MindIERequestRules.Display;

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

    public PreparedRequest Prepare(ChatCall call)
    {
        MindIERequestRules.Check(call.Request, call.Route);
        return new PreparedRequest(call, ToMindIERequest.Translate(call), call.Route.Target);
    }

    public async Task<ChatCompletion> CompleteAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        await using var upstream = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await upstream.ReadBodyAsync(_options.MaxResponseBytes).ConfigureAwait(false);
        return FromMindIEResponse.Translate(body);
    }

    public async IAsyncEnumerable<ChatUpdate> StreamAsync(PreparedRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var upstream = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (upstream.ContentType?.MediaType is not "text/event-stream")
        {
            var body = await upstream.ReadBodyAsync(_options.MaxResponseBytes).ConfigureAwait(false);
            yield return FromMindIEResponse.ToUpdate(FromMindIEResponse.Translate(body));
            yield break;
        }
        await using var reader = new MindIEStreamReader(upstream.Body, _options.MaxEventBytes, keepRaw: false, request.Call.RequestId, _logger);
        while (await upstream.ReadAsync(reader.ReadAsync).ConfigureAwait(false) is { } item)
        {
            if (item.Error is { } error) throw error;
            if (item.Done) yield break;
            if (item.Update is { } update) yield return update;
        }
    }

    /// <summary>Sends and maps a non-2xx answer to the facade's error.</summary>
    private async Task<UpstreamCall> SendAsync(PreparedRequest prepared, CancellationToken cancellationToken)
    {
        var upstream = await OpenAsync(prepared, cancellationToken).ConfigureAwait(false);
        if (upstream.Status is >= 200 and < 300) return upstream;
        await using (upstream)
        {
            var body = await upstream.ReadBodyAsync(64 * 1024).ConfigureAwait(false);
            throw MindIEErrorMapper.FromResponse(upstream.Status, upstream.Response.Headers, body, prepared.Call.Request.OutputTokenLimitName);
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
