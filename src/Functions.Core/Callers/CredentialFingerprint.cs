using System.Security.Cryptography;

namespace Functions.Core.Callers;

/// <summary>
/// The fingerprint the audit keeps of a key or token no caller owns: 16 hex digits of an HMAC-SHA256 keyed with a
/// secret of the facade's (<see cref="SecretNames.AuditFingerprintKey"/>, else the audit seal key), so reviewers can
/// tell repeated attempts with one wrong key from many, while someone who reads the audit cannot confirm a guess by
/// hashing it (issue 21: a plain SHA-256 prefix could). Without either secret there is no fingerprint.
/// </summary>
public sealed class CredentialFingerprint(ISecretStore secrets)
{
    /// <summary>What every fingerprint starts with; the digits follow.</summary>
    public const string Prefix = "hmac:";

    /// <summary>The fingerprint of the credential the request presented, or null when it presented none or no key can be read.</summary>
    public async ValueTask<string?> OfAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (PresentedCredential.Value(request) is not { } credential) return null;
        if (await KeyAsync(cancellationToken).ConfigureAwait(false) is not { } key) return null;
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(credential)))[..16];
    }

    private async ValueTask<byte[]?> KeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var key = await secrets.GetAsync(SecretNames.AuditFingerprintKey, cancellationToken).ConfigureAwait(false)
                ?? await secrets.GetAsync(SecretNames.AuditSealKey, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(key) ? null : Encoding.UTF8.GetBytes(key);
        }
        catch (SecretStoreException)
        {
            // The rejection is recorded all the same, without a fingerprint: never with an unkeyed one.
            return null;
        }
    }
}
