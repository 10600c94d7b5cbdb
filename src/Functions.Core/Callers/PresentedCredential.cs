using System.Security.Cryptography;

namespace Functions.Core.Callers;

/// <summary>
/// The credential a request presented, as far as the audit may know it: how it was sent and a non-reversible
/// fingerprint (16 hex digits of its SHA-256), so reviewers can tell repeated attempts with one wrong key apart from
/// many — never the key or token itself.
/// </summary>
public static class PresentedCredential
{
    /// <summary>How the request tried to authenticate (<c>api-key</c>, <c>bearer</c>, <c>easy-auth</c>), or null.</summary>
    public static string? Method(HttpRequest request) =>
        request.Headers["api-key"].ToString().Length > 0 ? "api-key"
        : request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? "bearer"
        : request.Headers[EasyAuthCallerAuthenticator.PrincipalHeader].ToString().Length > 0 ? EasyAuthCallerAuthenticator.Method
        : null;

    /// <summary>The fingerprint of the key or bearer token the request presented, or null when it presented none.</summary>
    public static string? Fingerprint(HttpRequest request)
    {
        var apiKey = request.Headers["api-key"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        var credential = apiKey.Length > 0 ? apiKey
            : authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim()
            : null;
        if (string.IsNullOrEmpty(credential)) return null;
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)))[..16];
    }
}
