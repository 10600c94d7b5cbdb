using Functions.Core.Diagnostics;
using Functions.Core.Errors;
using Functions.Core.Secrets;

namespace Functions.Http;

/// <summary>
/// Gives every request its id (<c>x-request-id</c>) and turns any failure into the OpenAI envelope:
/// <see cref="FacadeException"/> with its own status, anything else a 500 without details. A client
/// that went away gets nothing.
/// </summary>
public sealed class FacadeErrorMiddleware(RequestDelegate next, ILogger<FacadeErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = RequestIds.New();
        context.SetRequestId(requestId);
        context.Response.Headers["x-request-id"] = requestId;
        try
        {
            await next(context).ConfigureAwait(false);
            if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted && context.GetEndpoint() is null)
                await JsonResponse.WriteErrorAsync(context.Response, FacadeErrors.NotFound(context.Request.Path)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            FacadeLog.ClientAborted(logger, requestId);
        }
        catch (FacadeException error)
        {
            FacadeLog.CallFailed(logger, requestId, error.Status, error.Code.Value, error.Message);
            if (!context.Response.HasStarted) await JsonResponse.WriteErrorAsync(context.Response, error).ConfigureAwait(false);
        }
        catch (SecretStoreException secrets)
        {
            // The message names the secret and the cause, never a value or the vault's URL.
            var error = new FacadeException(503, ErrorType.Api, ErrorCode.SecretsUnavailable,
                "The facade cannot read its provider credentials right now; retry later.") { RetryAfter = TimeSpan.FromSeconds(5) };
            FacadeLog.CallFailed(logger, requestId, error.Status, error.Code.Value, secrets.Message);
            if (!context.Response.HasStarted) await JsonResponse.WriteErrorAsync(context.Response, error).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is BadHttpRequestException bad)
        {
            var error = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? FacadeErrors.RequestTooLarge(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0)
                : new FacadeException(bad.StatusCode, ErrorType.InvalidRequest, ErrorCode.InvalidRequest, "The HTTP request is malformed.");
            if (!context.Response.HasStarted) await JsonResponse.WriteErrorAsync(context.Response, error).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            FacadeLog.CallCrashed(logger, requestId, exception);
            if (!context.Response.HasStarted) await JsonResponse.WriteErrorAsync(context.Response, FacadeErrors.Internal()).ConfigureAwait(false);
        }
    }
}
