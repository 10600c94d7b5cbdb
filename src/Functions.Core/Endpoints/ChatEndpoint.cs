using Functions.Core.Http;

namespace Functions.Core.Endpoints;

/// <summary>
/// The one chat path for every chat route: <c>POST /v1/chat/completions</c> (the OpenAI API) and each provider's
/// pass-through route (its own dialect). Read within the size limit, parse, validate, route (model name, or the
/// provider's configured target), check the caller's allowlist, let the provider validate and build the upstream
/// body, send it through the audit, and answer: whole, as an OpenAI stream, or as the provider's own bytes.
/// Nothing goes upstream before every check has passed.
/// </summary>
public sealed class ChatEndpoint(ModelCatalog catalog, ChatProviders providers, ChatStreamRelay relay, IOptions<RequestLimits> limits, TimeProvider time)
{
    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    public Task CompletionsAsync(HttpContext context) => HandleAsync(context, passThrough: null);

    /// <summary>A pass-through route of <paramref name="provider"/>; <paramref name="target"/> names the upstream target of a request.</summary>
    public Task PassThroughAsync(HttpContext context, string provider, Func<HttpContext, ChatCompletionRequest, string?> target) =>
        HandleAsync(context, (provider, target));

    private async Task HandleAsync(HttpContext context, (string Provider, Func<HttpContext, ChatCompletionRequest, string?> Target)? passThrough)
    {
        var cancellationToken = context.RequestAborted;
        var body = await RequestBodyReader.ReadAsync(context.Request, limits.Value.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        var request = ChatCompletionRequestReader.Read(body);
        var allowed = context.GetCaller().AllowedModels;
        ModelRoute route;
        if (passThrough is { } native)
        {
            route = ResolveTarget(native.Provider, native.Target(context, request), allowed);
        }
        else
        {
            ChatRequestValidator.Validate(request);
            route = catalog.Resolve(request.Model!);
            if (allowed is not null && !allowed.Contains(route.Name)) throw FacadeErrors.ModelNotAllowed(route.Name);
        }

        var call = context.NewChatCall(route, request, body, time, passThrough is not null);
        var provider = providers.Get(route.Provider);
        var prepared = provider.Prepare(call);
        context.MarkProviderCalled();
        var sending = provider.SendAsync(prepared, cancellationToken);
        if (call.Stream && !call.PassThrough)
        {
            // The relay waits for the answer itself, sending heartbeats while the provider is quiet.
            await relay.RelayAsync(call, sending, new SseResponse(context.Response), cancellationToken).ConfigureAwait(false);
            return;
        }
        await using var answer = await sending.ConfigureAwait(false);
        if (call.PassThrough) await PassThroughRelay.RelayAsync(context, answer, cancellationToken).ConfigureAwait(false);
        else await WriteWholeAsync(context.Response, call, answer, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteWholeAsync(HttpResponse response, ChatCall call, ChatAnswer answer, CancellationToken cancellationToken)
    {
        ChatUpdate? whole = null;
        await foreach (var update in answer.Updates.WithCancellation(cancellationToken).ConfigureAwait(false)) whole = update;
        if (whole?.FinishReason is null) throw FacadeErrors.UpstreamProtocol(call.Route.Provider, "the answer had no finish reason");
        foreach (var (name, value) in answer.Headers) response.Headers[name] = value;
        await JsonResponse.WriteAsync(response, StatusCodes.Status200OK, (call, whole), static (w, s) => ChatCompletionWriter.Write(w, s.call, s.whole)).ConfigureAwait(false);
    }

    /// <summary>The configured model for a pass-through target: 404 when the provider has no such target, 403 when the caller may use none of its models.</summary>
    private ModelRoute ResolveTarget(string provider, string? target, IReadOnlySet<string>? allowed)
    {
        var routes = catalog.Models.Where(m => m.Provider == provider && string.Equals(m.Target, target, StringComparison.Ordinal)).ToList();
        if (routes.Count == 0)
            throw new FacadeException(404, ErrorType.InvalidRequest, ErrorCode.ModelNotFound, $"No {provider} target '{target}' is configured on this facade.", "model");
        return routes.FirstOrDefault(r => allowed is null || allowed.Contains(r.Name)) ?? throw FacadeErrors.ModelNotAllowed(routes[0].Name);
    }
}
