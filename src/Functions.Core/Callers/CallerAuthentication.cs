using Functions.Core.Diagnostics;

namespace Functions.Core.Callers;

/// <summary>
/// Who is calling: asks each configured way of proving it (API key, Entra ID token, Easy Auth principal) in turn;
/// the first that recognises the request's credentials wins. No one: 401 in the OpenAI envelope.
/// </summary>
public sealed class CallerAuthentication(IEnumerable<ICallerAuthenticator> authenticators, ILogger<CallerAuthentication> logger)
{
    private readonly ICallerAuthenticator[] _authenticators = [.. authenticators];

    /// <summary>The caller; throws 401 <c>invalid_api_key</c> when no authenticator recognises the request.</summary>
    public async ValueTask<Caller> AuthenticateAsync(HttpContext context)
    {
        foreach (var authenticator in _authenticators)
        {
            if (await authenticator.AuthenticateAsync(context).ConfigureAwait(false) is { } caller) return caller;
        }
        FacadeLog.Unauthenticated(logger, context.Connection.RemoteIpAddress?.ToString());
        throw FacadeErrors.InvalidApiKey();
    }

    /// <summary>
    /// The caller whose API key the request presented, for the record of a request refused before authentication
    /// (an unknown path, a wrong method): a valid key is recorded by its caller's name, never by a fingerprint.
    /// </summary>
    public async ValueTask<Caller?> RecognizeKeyAsync(HttpContext context)
    {
        foreach (var keys in _authenticators.OfType<ApiKeyCallerAuthenticator>())
        {
            if (await keys.AuthenticateAsync(context).ConfigureAwait(false) is { } caller) return caller;
        }
        return null;
    }
}
