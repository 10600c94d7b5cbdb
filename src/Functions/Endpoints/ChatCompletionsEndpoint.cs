using Functions.Core;
using Functions.Core.Errors;
using Functions.Core.OpenAI;
using Functions.Core.Providers;
using Functions.Core.Routing;
using Functions.Core.Streaming;
using Functions.Core.Validation;
using Functions.Http;
using Microsoft.Extensions.Options;

namespace Functions.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>: read within the size limit, parse, validate, route, let the provider
/// validate and translate, then answer whole or relay the stream. Nothing goes upstream before every
/// check has passed.
/// </summary>
public static class ChatCompletionsEndpoint
{
    public const string Route = "/v1/chat/completions";

    public static async Task HandleAsync(
        HttpContext context,
        ModelCatalog catalog,
        ChatProviders providers,
        ChatStreamRelay relay,
        IOptions<RequestLimits> limits,
        TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var body = await RequestBodyReader.ReadAsync(context.Request, limits.Value.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        var request = ChatCompletionRequestReader.Read(body);
        ChatRequestValidator.Validate(request);
        var route = catalog.Resolve(request.Model!);
        var caller = context.GetCaller();
        if (caller.AllowedModels is { } allowed && !allowed.Contains(route.Name)) throw FacadeErrors.ModelNotAllowed(route.Name);

        var call = context.NewChatCall(route, request, body, time);
        var provider = providers.Get(route.Provider);
        var prepared = provider.Prepare(call);

        if (!call.Stream)
        {
            var completion = await provider.CompleteAsync(prepared, cancellationToken).ConfigureAwait(false);
            if (completion.ResponseHeaders is { } headers)
            {
                foreach (var (name, value) in headers) context.Response.Headers[name] = value;
            }
            await JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, (call, completion),
                static (w, s) => ChatCompletionWriter.Write(w, s.call, s.completion)).ConfigureAwait(false);
            return;
        }
        var sse = new SseResponse(context.Response);
        await relay.RelayAsync(call, provider.StreamAsync(prepared, cancellationToken), sse, cancellationToken).ConfigureAwait(false);
    }
}
