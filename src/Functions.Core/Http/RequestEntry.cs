using System.Diagnostics;
using Functions.Core.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Functions.Core.Http;

/// <summary>
/// The one way into the facade, whatever the host: any host that hands over an <see cref="HttpContext"/> runs the
/// whole chain here, without ASP.NET Core middleware or endpoint filters (the Functions worker runs neither).
/// It gives every request its id (<c>x-request-id</c>), finds its route (404 / 405 otherwise), authenticates the
/// caller where the route wants one, runs the endpoint, and turns every failure into the OpenAI error envelope:
/// <see cref="FacadeException"/> with its own status, anything else a 500 without details. A client that went
/// away gets nothing. A request refused before any provider saw it leaves an audit record of its own.
/// </summary>
public sealed class RequestEntry(FacadeRoutes routes, CallerAuthentication callers, CredentialFingerprint fingerprints, IAuditStore audit, FacadeMetrics metrics, TimeProvider time, ILogger<RequestEntry> logger)
{
    /// <summary>Serves one request from start to end.</summary>
    /// <param name="context">The request.</param>
    /// <param name="invocationId">The Functions host's invocation id, from the worker's function context; null on the Kestrel host.</param>
    public async Task HandleAsync(HttpContext context, string? invocationId = null)
    {
        if (invocationId is not null) context.SetInvocationId(invocationId);
        var requestId = RequestIds.New();
        var arrived = time.GetUtcNow();
        context.SetRequestId(requestId);
        context.Response.Headers["x-request-id"] = requestId;
        Activity.Current?.SetTag(FacadeTelemetry.Attributes.RequestId, requestId);
        FacadeException? refused = null;
        try
        {
            var route = routes.Match(context);
            context.SetRoute(route);
            Activity.Current?.SetTag(FacadeTelemetry.Attributes.Route, route.Name);
            if (route.Authenticated) context.SetCaller(await callers.AuthenticateAsync(context).ConfigureAwait(false));
            await route.Handle(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (context.RequestAborted.IsCancellationRequested || e is ClientGoneException)
        {
            FacadeLog.ClientAborted(logger, requestId);
        }
        catch (Exception exception)
        {
            refused = await RefuseAsync(context, requestId, exception).ConfigureAwait(false);
        }
        // A provider call is audited and measured by the provider's decorators however it ends; everything else here.
        if (!context.ProviderCalled())
        {
            if (refused is not null) await RecordRejectedAsync(context, requestId, arrived, refused).ConfigureAwait(false);
            var status = context.RequestAborted.IsCancellationRequested && refused is null ? CallOutcome.ClientGoneStatus : refused?.Status ?? context.Response.StatusCode;
            metrics.RequestServed(context.GetRoute()?.Name ?? "none", context.FindCaller()?.Name, status, refused?.Code.Value);
        }
    }

    /// <summary>
    /// Records a refusal: by the caller's name when it is known or its API key is valid (a route refused before
    /// authentication), else by a keyed fingerprint of what it presented.
    /// </summary>
    private async Task RecordRejectedAsync(HttpContext context, string requestId, DateTimeOffset arrived, FacadeException refused)
    {
        Caller? caller = null;
        string? fingerprint = null;
        try
        {
            caller = context.FindCaller() ?? await callers.RecognizeKeyAsync(context).ConfigureAwait(false);
            if (caller is null) fingerprint = await fingerprints.OfAsync(context.Request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The record matters more than who it names: written without either.
            FacadeLog.CallCrashed(logger, requestId, exception);
        }
        audit.RecordRejected(RejectedRequest.From(context, requestId, arrived, refused, caller, fingerprint));
    }

    /// <summary>Answers a failure in the envelope, if the answer has not started yet; returns what it answered.</summary>
    private async Task<FacadeException> RefuseAsync(HttpContext context, string requestId, Exception exception)
    {
        var error = exception switch
        {
            FacadeException or SecretStoreException => FacadeErrors.For(exception),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                FacadeErrors.RequestTooLarge(context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0),
            BadHttpRequestException bad => FacadeErrors.MalformedHttpRequest(bad.StatusCode),
            _ => null,
        };
        if (error is null) FacadeLog.CallCrashed(logger, requestId, exception);
        // The message may quote the caller (a path, a target, a value a provider echoed): never raw into a log line.
        else FacadeLog.CallFailed(logger, FacadeLog.LevelOf(error), requestId, error.Status, error.Code.Value, LogText.Safe(exception is SecretStoreException ? exception.Message : error.Message));
        error ??= FacadeErrors.Internal();
        if (!context.Response.HasStarted) await JsonResponse.WriteErrorAsync(context.Response, error).ConfigureAwait(false);
        return error;
    }
}
