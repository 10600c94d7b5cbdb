using Functions.Core;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.OpenAI;
using Functions.Core.Providers;
using Functions.Core.Routing;
using Functions.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Functions.Endpoints;

/// <summary>
/// A provider's pass-through route (e.g. <c>POST /mindie/v1/chat/completions</c>): the provider's own dialect
/// in and out, unchanged, behind the facade's caller authentication, body limit and the provider's
/// validation (<see cref="INativeChatProvider.PrepareNative"/>). The upstream target is the route value
/// <c>target</c> when the pattern has one, else the body's <c>model</c>; either way it must be a configured
/// target of that provider. Bytes are written as they arrive and flushed; the provider's status, content
/// type and errors pass through as well. The facade's own errors (auth, validation, unreachable upstream)
/// use the OpenAI envelope.
/// </summary>
public static class NativeChatEndpoint
{
    /// <summary>Maps <paramref name="pattern"/> to the pass-through of the provider named <paramref name="provider"/>.</summary>
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints, string pattern, string provider)
    {
        var native = endpoints.ServiceProvider.GetRequiredService<NativeChatProviders>().Get(provider);
        return endpoints.MapPost(pattern, (HttpContext context, ModelCatalog catalog, IOptions<RequestLimits> limits, TimeProvider time) =>
            HandleAsync(context, native, catalog, limits, time));
    }

    public static async Task HandleAsync(HttpContext context, INativeChatProvider provider, ModelCatalog catalog, IOptions<RequestLimits> limits, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var body = await RequestBodyReader.ReadAsync(context.Request, limits.Value.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        var request = ChatCompletionRequestReader.Read(body);
        var target = context.GetRouteValue("target") as string ?? request.Model;
        if (string.IsNullOrWhiteSpace(target)) throw FacadeErrors.MissingParameter("model");
        if (!catalog.HasTarget(provider.Name, target)) throw FacadeErrors.ModelNotFound(target);
        var caller = context.GetCaller();
        var routes = catalog.Models.Where(m => m.Provider == provider.Name && m.Target == target).ToList();
        var route = routes.FirstOrDefault(m => caller.AllowedModels is null || caller.AllowedModels.Contains(m.Name))
            ?? throw FacadeErrors.ModelNotAllowed(routes[0].Name);

        var call = new ChatCall
        {
            RequestId = context.GetRequestId(),
            Caller = caller,
            Route = route,
            Request = request,
            RawBody = body,
            Created = time.GetUtcNow().ToUnixTimeSeconds(),
            UserAgent = context.Request.Headers.UserAgent.ToString(),
            InvocationId = context.Request.Headers["x-ms-invocation-id"].FirstOrDefault()
                ?? context.Request.Headers["X-Azure-Functions-InvocationId"].FirstOrDefault(),
            Native = true,
        };
        var prepared = provider.PrepareNative(call);
        await using var upstream = await provider.SendNativeAsync(prepared, cancellationToken).ConfigureAwait(false);
        await WriteAsync(context.Response, upstream, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpResponse response, NativeResponse upstream, CancellationToken cancellationToken)
    {
        response.StatusCode = upstream.Status;
        if (upstream.ContentType is { } type) response.ContentType = type;
        foreach (var (name, value) in upstream.Headers) response.Headers[name] = value;
        if (upstream.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
        {
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        }
        await foreach (var chunk in upstream.Chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (chunk.Raw.IsEmpty) continue;
            var flushed = await response.BodyWriter.WriteAsync(chunk.Raw, cancellationToken).ConfigureAwait(false);
            if (flushed.IsCanceled || flushed.IsCompleted) throw new OperationCanceledException("The client has gone.");
        }
    }
}
