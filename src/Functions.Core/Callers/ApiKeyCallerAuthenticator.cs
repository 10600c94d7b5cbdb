using System.Security.Cryptography;

namespace Functions.Core.Callers;

/// <summary>
/// Callers with API keys (<c>Authorization: Bearer &lt;key&gt;</c> or <c>api-key: &lt;key&gt;</c>). Only
/// SHA-256 hashes are configured; the presented key's hash is compared with every configured hash in
/// constant time.
/// </summary>
public sealed class ApiKeyCallerAuthenticator : ICallerAuthenticator
{
    private readonly (byte[] Hash, Caller Caller)[] _callers;

    /// <summary>The configured callers (checked at start-up by <see cref="CallerListOptions.Problems"/>).</summary>
    public ApiKeyCallerAuthenticator(IOptions<CallerListOptions> options) =>
        _callers = [.. options.Value.Callers.Select(c => (Convert.FromHexString(c.KeySha256!), new Caller(c.Name!, "api-key")
        {
            AllowedModels = c.Models.Count == 0 ? null : c.Models.ToHashSet(StringComparer.Ordinal),
        }))];

    public ValueTask<Caller?> AuthenticateAsync(HttpContext context)
    {
        var key = PresentedKey(context.Request);
        if (key is null) return ValueTask.FromResult<Caller?>(null);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        Caller? found = null;
        foreach (var (expected, caller) in _callers)
        {
            // Compare against every entry, so timing does not tell which one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, expected)) found = caller;
        }
        return ValueTask.FromResult(found);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var apiKey = request.Headers["api-key"].ToString();
        if (apiKey.Length > 0) return apiKey;
        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization[Bearer.Length..].Trim();
            // A JWT is for the Entra ID authenticator, not a key.
            if (token.Length > 0 && token.Count(c => c == '.') != 2) return token;
        }
        return null;
    }
}
