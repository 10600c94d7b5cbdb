using System.Net.Http.Headers;
using Functions.Core.Providers.OpenAICompatible;

namespace Functions.Core.Providers.Lanrui;

/// <summary>
/// Lanrui's OpenAI-compatible chat API (docs/protocols/lanrui.md): Bearer key, its own parameter ranges, model
/// names with slashes passed through as they are. It speaks OpenAI's shape, so it uses the shared
/// OpenAI-shaped writer and readers; it has no pass-through route of its own.
/// </summary>
public sealed class LanruiProvider : IChatProvider, IDisposable
{
    public const string ProviderName = "lanrui";
    private const string Display = LanruiParameters.Display;
    private static readonly OpenAICompatibleDialect Dialect = new();

    private readonly LanruiOptions _options;
    private readonly ISecretStore _secrets;
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _endpoint;

    public LanruiProvider(IOptions<LanruiOptions> options, ISecretStore secrets)
    {
        _options = options.Value;
        _secrets = secrets;
        _invoker = new HttpMessageInvoker(UpstreamHandlerFactory.Create(_options));
        _endpoint = new Uri(_options.BaseUrl!.TrimEnd('/') + "/chat/completions");
    }

    public string Name => ProviderName;

    public IReadOnlyList<string> Secrets { get; } = [SecretNames.LanruiApiKey];

    public PreparedRequest Prepare(ChatCall call)
    {
        if (call.PassThrough) throw new InvalidOperationException("Lanrui has no pass-through route.");
        LanruiParameters.Check(call.Request);
        return new PreparedRequest(call, ToOpenAICompatibleRequest.Translate(call, Dialect), call.Route.Target);
    }

    public async Task<ChatAnswer> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var upstream = await OpenAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (request.Call.Stream && upstream.ContentType?.MediaType is "text/event-stream")
                return new ChatAnswer(StreamAsync(upstream), upstream);
            // A JSON answer to a stream request is an error or a server that ignored "stream": one update.
            await using (upstream)
            {
                var body = await upstream.ReadBodyAsync(_options.MaxResponseBytes).ConfigureAwait(false);
                return ChatAnswer.Whole(FromOpenAICompatibleResponse.Translate(body, Display));
            }
        }
        catch
        {
            await upstream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async IAsyncEnumerable<ChatUpdate> StreamAsync(UpstreamCall upstream)
    {
        await using var reader = new SseReader(upstream.Body, _options.MaxEventBytes);
        while (await upstream.ReadAsync(reader.ReadAsync).ConfigureAwait(false))
        {
            if (reader.Kind == SseItemKind.BareLine)
                throw FacadeErrors.UpstreamProtocol(Display, "the stream carried a line that is not an SSE field");
            if (reader.Data.Span.SequenceEqual("[DONE]"u8)) yield break;
            yield return FromOpenAICompatibleChunk.Translate(reader.Data, Display);
        }
        throw FacadeErrors.UpstreamProtocol(Display, "the stream ended without [DONE]");
    }

    /// <summary>Sends; a non-2xx answer becomes the facade's error.</summary>
    private async Task<UpstreamCall> OpenAsync(PreparedRequest prepared, CancellationToken cancellationToken)
    {
        var key = await _secrets.GetAsync(SecretNames.LanruiApiKey, cancellationToken).ConfigureAwait(false)
            ?? throw new FacadeException(500, ErrorType.Api, ErrorCode.ServerError, $"The facade has no '{SecretNames.LanruiApiKey}' secret configured.");
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ReadOnlyMemoryContent(prepared.Body),
            Version = System.Net.HttpVersion.Version11,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(prepared.Call.Stream ? "text/event-stream" : "application/json"));
        message.Headers.TryAddWithoutValidation("x-request-id", prepared.Call.RequestId);
        var call = await UpstreamCall.SendAsync(_invoker, message, _options, Display, cancellationToken).ConfigureAwait(false);
        if (call.Status is >= 200 and < 300) return call;
        await using (call)
        {
            var body = await call.ReadBodyAsync(64 * 1024).ConfigureAwait(false);
            throw OpenAICompatibleErrors.FromResponse(Display, call.Status, call.Response.Headers, body, $"the '{SecretNames.LanruiApiKey}' secret");
        }
    }

    public void Dispose() => _invoker.Dispose();
}
