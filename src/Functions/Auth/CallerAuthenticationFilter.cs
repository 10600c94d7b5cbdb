using Functions.Core.Diagnostics;
using Functions.Core.Errors;
using Functions.Http;

namespace Functions.Auth;

/// <summary>Authenticates the caller before the endpoint runs; 401 in the OpenAI envelope otherwise.</summary>
public sealed class CallerAuthenticationFilter(IEnumerable<ICallerAuthenticator> authenticators, ILogger<CallerAuthenticationFilter> logger) : IEndpointFilter
{
    private readonly ICallerAuthenticator[] _authenticators = [.. authenticators];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        foreach (var authenticator in _authenticators)
        {
            if (await authenticator.AuthenticateAsync(http).ConfigureAwait(false) is { } caller)
            {
                http.SetCaller(caller);
                return await next(context).ConfigureAwait(false);
            }
        }
        FacadeLog.Unauthenticated(logger, http.Connection.RemoteIpAddress?.ToString());
        throw FacadeErrors.InvalidApiKey();
    }
}
