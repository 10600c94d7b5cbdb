using System.Security.Cryptography;

namespace Functions.Core.Callers;

/// <summary>
/// Callers with API keys (<c>Authorization: Bearer &lt;key&gt;</c> or <c>api-key: &lt;key&gt;</c>). Only
/// SHA-256 hashes are configured (a caller's key and, while it is being rotated, the previous one); the
/// presented key's hash is compared with every configured hash in constant time.
/// </summary>
public sealed class ApiKeyCallerAuthenticator : ICallerAuthenticator
{
    private readonly (byte[] Hash, Caller Caller)[] _callers;

    /// <summary>The configured callers (checked at start-up by <see cref="CallerListOptions.Problems"/>).</summary>
    public ApiKeyCallerAuthenticator(IOptions<CallerListOptions> options) =>
        _callers = [.. options.Value.Callers.SelectMany(Entries)];

    /// <summary>A caller's key, and during a rotation the key being replaced: both hashes name the same caller.</summary>
    private static IEnumerable<(byte[] Hash, Caller Caller)> Entries(CallerOptions options)
    {
        var caller = new Caller(options.Name!, "api-key")
        {
            AllowedModels = options.Models.Count == 0 ? null : options.Models.ToHashSet(StringComparer.Ordinal),
        };
        yield return (Convert.FromHexString(options.KeySha256!), caller);
        if (!string.IsNullOrEmpty(options.PreviousKeySha256)) yield return (Convert.FromHexString(options.PreviousKeySha256), caller);
    }

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
