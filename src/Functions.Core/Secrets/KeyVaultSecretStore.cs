using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Functions.Core.Secrets;

/// <summary>
/// Secrets from Azure Key Vault through <see cref="SecretClient"/>. The only type that knows Key Vault: a missing
/// secret is <c>null</c>, every other failure becomes a <see cref="SecretStoreException"/> that says whether it is
/// transient. It does not cache; <see cref="CachingSecretStore"/> sits in front of it.
/// </summary>
public sealed partial class KeyVaultSecretStore(SecretClient client) : ISecretStore
{
    /// <summary>The latest enabled version of the secret, or <c>null</c> when the vault has no such secret.</summary>
    public ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken) =>
        GetAsync(name, version: null, cancellationToken);

    /// <summary>
    /// One version of the secret (the latest when <paramref name="version"/> is <c>null</c>), or <c>null</c> when
    /// the vault has no such secret or version.
    /// </summary>
    public async ValueTask<string?> GetAsync(string name, string? version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            Response<KeyVaultSecret> response =
                await client.GetSecretAsync(name, version, cancellationToken).ConfigureAwait(false);
            return response.Value.Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // SecretNotFound: the secret, or that version of it, does not exist (or is deleted).
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && ToStoreException(name, e) is { } failure)
        {
            throw failure;
        }
    }
}
