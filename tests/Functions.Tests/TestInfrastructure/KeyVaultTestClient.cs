using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;

namespace Functions.Tests.TestInfrastructure;

/// <summary>The real <see cref="SecretClient"/>, pointed at a <see cref="KeyVaultFake"/>.</summary>
internal static class KeyVaultTestClient
{
    /// <summary>
    /// A client that trusts only the fake's certificate, accepts a challenge from a vault on 127.0.0.1 (real
    /// vaults are checked to be under the challenge's resource domain, vault.azure.net), and retries once, fast.
    /// </summary>
    public static SecretClient Create(KeyVaultFake vault)
    {
        var options = new SecretClientOptions
        {
            Transport = new HttpClientTransport(TestCertificates.CreateHandlerTrusting(vault.Certificate)),
            DisableChallengeResourceVerification = true,
        };
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return new SecretClient(vault.VaultUri, vault.Credential, options);
    }
}
