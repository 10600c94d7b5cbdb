using Functions.Core;
using Functions.Core.Errors;
using Functions.Core.OpenAI;
using Functions.Core.Providers;
using Functions.Core.Routing;
using Functions.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Functions.Endpoints;

/// <summary>
/// A provider's pass-through route (<c>POST /baidu/chat/{endpoint}</c>, and any other provider's): the same
/// caller authentication, body limit and audit as <c>/v1/chat/completions</c>, the provider's own dialect
/// in and out. The target must be one configured for that provider (else 404, so no path can reach an
/// upstream endpoint nobody configured); the provider validates the body and supplies the credentials;
/// the answer's bytes are written as they arrive, unchanged, each flushed. Errors the facade raises itself
/// (auth, validation, credentials) are OpenAI envelopes; once bytes have gone, a failure aborts the connection.
/// </summary>
public static class NativeChatEndpoint
{
    public const string BaiduRoute = "/baidu/chat/{endpoint}";
    public const string MindIERoute = "/mindie/v1/chat/completions";

    /// <summary>Maps <paramref name="pattern"/> to <paramref name="provider"/>'s native route; <paramref name="target"/> names the upstream target of a request.</summary>
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes, string pattern, string provider, Func<HttpContext, ChatCompletionRequest, string?> target) =>
        routes.MapPost(pattern, (HttpContext context, ModelCatalog catalog, NativeChatProviders providers, IOptions<RequestLimits> limits, TimeProvider time) =>
            HandleAsync(context, providers.Get(provider), target, catalog, limits, time));

    public static async Task HandleAsync(
        HttpContext context,
        INativeChatProvider provider,
        Func<HttpContext, ChatCompletionRequest, string?> target,
        ModelCatalog catalog,
        IOptions<RequestLimits> limits,
        TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var body = await RequestBodyReader.ReadAsync(context.Request, limits.Value.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        var request = ChatCompletionRequestReader.Read(body);
        var route = Resolve(catalog, provider.Name, target(context, request), context.GetCaller().AllowedModels);

        var call = context.NewChatCall(route, request, body, time, native: true);
        var prepared = provider.PrepareNative(call);
        await using var answer = await provider.SendNativeAsync(prepared, cancellationToken).ConfigureAwait(false);

        var response = context.Response;
        response.StatusCode = answer.Status;
        if (answer.ContentType is { } contentType) response.ContentType = contentType;
        foreach (var (name, value) in answer.Headers) response.Headers[name] = value;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await foreach (var chunk in answer.Chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (chunk.Raw.IsEmpty) continue;
                await response.BodyWriter.WriteAsync(chunk.Raw, cancellationToken).ConfigureAwait(false);
                var flushed = await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCanceled || flushed.IsCompleted) throw new OperationCanceledException("The client has gone.");
            }
        }
        catch (FacadeException error) when (response.HasStarted && error.PassedThrough)
        {
            // The provider reported the failure in its own dialect and those bytes went out as they were
            // (MindIE's raw text line): the caller has the error, the answer ends as the provider ended it.
            throw;
        }
        catch (Exception) when (response.HasStarted)
        {
            // The provider's stream broke: its dialect has no error we could add to bytes already sent, so end
            // the response abruptly and the caller sees a broken answer rather than a clean end.
            context.Abort();
            throw;
        }
    }

    /// <summary>The configured model for the target; 404 when the provider has no such target, 403 when the caller may use none of its models.</summary>
    private static ModelRoute Resolve(ModelCatalog catalog, string provider, string? target, IReadOnlySet<string>? allowed)
    {
        var routes = catalog.Models.Where(m => m.Provider == provider && string.Equals(m.Target, target, StringComparison.Ordinal)).ToList();
        if (routes.Count == 0)
            throw new FacadeException(404, ErrorType.InvalidRequest, ErrorCode.ModelNotFound, $"No {provider} target '{target}' is configured on this facade.", "model");
        return routes.FirstOrDefault(r => allowed is null || allowed.Contains(r.Name)) ?? throw FacadeErrors.ModelNotAllowed(routes[0].Name);
    }
}
