using System.Security.Cryptography;
using System.Text;
using Functions.Core.Callers;

namespace Functions.Core.Callers;

/// <summary>
/// Callers with API keys (<c>Authorization: Bearer &lt;key&gt;</c> or <c>api-key: &lt;key&gt;</c>). Only
/// SHA-256 hashes are configured; the presented key's hash is compared with every configured hash in
/// constant time.
/// </summary>
public sealed class ApiKeyCallerAuthenticator : ICallerAuthenticator
{
    private readonly (byte[] Hash, Caller Caller)[] _callers;

    public ApiKeyCallerAuthenticator(IConfiguration configuration)
    {
        var list = new List<(byte[], Caller)>();
        foreach (var section in configuration.GetSection("Callers").GetChildren())
        {
            var options = section.Get<CallerOptions>() ?? new CallerOptions();
            if (string.IsNullOrWhiteSpace(options.Name))
                throw new InvalidOperationException($"Configuration error: {section.Path}:Name is missing.");
            if (options.KeySha256 is not { Length: 64 } hex || hex.Any(c => !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)))
                throw new InvalidOperationException($"Configuration error: {section.Path}:KeySha256 must be 64 lowercase hex digits (the SHA-256 of the key).");
            var caller = new Caller(options.Name, "api-key")
            {
                AllowedModels = options.Models.Count == 0 ? null : options.Models.ToHashSet(StringComparer.Ordinal),
            };
            list.Add((Convert.FromHexString(hex), caller));
        }
        _callers = [.. list];
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
