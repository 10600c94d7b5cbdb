using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// Stands in for the managed identity: hands out opaque bearer tokens that the Key Vault fake accepts, and records
/// what each token was asked for (scope and tenant come from the vault's challenge).
/// </summary>
internal sealed class KeyVaultTestCredential : TokenCredential
{
    private readonly ConcurrentDictionary<string, byte> _issued = new(StringComparer.Ordinal);

    /// <summary>Every token request, in order.</summary>
    public ConcurrentQueue<TokenRequestContext> Requests { get; } = new();

    /// <summary>When set, token requests fail as a managed identity endpoint that cannot be reached does.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Whether <paramref name="token"/> was handed out by this credential.</summary>
    public bool Issued(string token) => _issued.ContainsKey(token);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Requests.Enqueue(requestContext);
        if (Unavailable)
        {
            throw new AuthenticationFailedException("ManagedIdentityCredential: no response from the identity endpoint.");
        }

        var token = "test-token-" + Guid.NewGuid().ToString("N");
        _issued[token] = 0;
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(
        TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
