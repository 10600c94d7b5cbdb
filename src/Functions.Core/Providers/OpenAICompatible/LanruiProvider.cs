using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.Secrets;
using Functions.Core.Streaming;
using Functions.Core.Validation;
using Microsoft.Extensions.Options;

namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>
/// Lanrui's OpenAI-compatible chat API (seed 002): Bearer key, parameter ranges from its document,
/// model names with slashes passed through as they are.
/// </summary>
public sealed class LanruiProvider : IChatProvider, IDisposable
{
    public const string ProviderName = "lanrui";
    private const string Display = "Lanrui";
    private static readonly ParameterRange Temperature = new(0, 2);
    private static readonly ParameterRange TopP = new(0, 1, MinExclusive: true);
    private static readonly ParameterRange Penalty = new(-2, 2);

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

    public PreparedRequest Prepare(ChatCall call)
    {
        var request = call.Request;
        Temperature.Check("temperature", request.Temperature, Display);
        TopP.Check("top_p", request.TopP, Display);
        Penalty.Check("presence_penalty", request.PresencePenalty, Display);
        Penalty.Check("frequency_penalty", request.FrequencyPenalty, Display);
        if (request.N is not (null or 1)) throw FacadeErrors.InvalidParameter("n", $"'n' must be 1 for {Display} models.");
        return new PreparedRequest(call, OpenAICompatibleRequestWriter.ToOpenAICompatibleRequest(call), call.Route.Target);
    }

    public async Task<ChatCompletion> CompleteAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        await using var call = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await call.ReadBodyAsync(_options.MaxResponseBytes).ConfigureAwait(false);
        return OpenAICompatibleResponseReader.FromOpenAICompatibleResponse(body, Display);
    }

    public async IAsyncEnumerable<ChatUpdate> StreamAsync(PreparedRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var call = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (call.ContentType?.MediaType is not "text/event-stream")
        {
            var body = await call.ReadBodyAsync(_options.MaxResponseBytes).ConfigureAwait(false);
            // A JSON answer to a stream request is an error or a server that ignored "stream".
            yield return OpenAICompatibleResponseReader.FromOpenAICompatibleResponse(body, Display).ToUpdate();
            yield break;
        }
        await using var reader = new SseReader(call.Body, _options.MaxEventBytes);
        while (await call.ReadAsync(reader.ReadAsync).ConfigureAwait(false))
        {
            if (reader.Kind == SseItemKind.BareLine)
                throw FacadeErrors.UpstreamProtocol(Display, "the stream carried a line that is not an SSE field");
            if (reader.Data.Span.SequenceEqual("[DONE]"u8)) yield break;
            yield return OpenAICompatibleChunkReader.FromOpenAICompatibleChunk(reader.Data, Display);
        }
        throw FacadeErrors.UpstreamProtocol(Display, "the stream ended without [DONE]");
    }

    private async Task<UpstreamCall> SendAsync(PreparedRequest prepared, CancellationToken cancellationToken)
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
            throw OpenAICompatibleErrorMapper.FromResponse(Display, call.Status, call.Response.Headers, body);
        }
    }

    public void Dispose() => _invoker.Dispose();
}
