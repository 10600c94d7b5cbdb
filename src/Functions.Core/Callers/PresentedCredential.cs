namespace Functions.Core.Callers;

/// <summary>
/// The credential a request presented, as far as the audit may know it: how it was sent, and the value itself only
/// for <see cref="CredentialFingerprint"/>, which keeps a keyed fingerprint of it — never the key or token itself.
/// </summary>
public static class PresentedCredential
{
    /// <summary>How the request tried to authenticate (<c>api-key</c>, <c>bearer</c>, <c>easy-auth</c>), or null.</summary>
    public static string? Method(HttpRequest request) =>
        request.Headers["api-key"].ToString().Length > 0 ? "api-key"
        : request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? "bearer"
        : request.Headers[EasyAuthCallerAuthenticator.PrincipalHeader].ToString().Length > 0 ? EasyAuthCallerAuthenticator.Method
        : null;

    /// <summary>The key or bearer token the request presented, or null when it presented none.</summary>
    public static string? Value(HttpRequest request)
    {
        var apiKey = request.Headers["api-key"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        var credential = apiKey.Length > 0 ? apiKey
            : authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim()
            : null;
        return string.IsNullOrEmpty(credential) ? null : credential;
    }
}
