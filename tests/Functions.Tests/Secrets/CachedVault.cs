using Functions.Core.Secrets;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Functions.Tests.Secrets;

/// <summary>
/// What the facade runs in Azure, against the fake: the real SecretClient, <see cref="KeyVaultSecretStore"/>,
/// <see cref="CachingSecretStore"/> in front, on a clock the test moves.
/// </summary>
internal sealed class CachedVault : IAsyncDisposable
{
    private CachedVault(KeyVaultFake vault, SecretStoreOptions options)
    {
        Vault = vault;
        Options = options;
        Store = new CachingSecretStore(
            new KeyVaultSecretStore(KeyVaultTestClient.Create(vault)),
            Microsoft.Extensions.Options.Options.Create(options),
            Time,
            Logger);
    }

    public KeyVaultFake Vault { get; }

    public SecretStoreOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero));

    public FakeLogger<CachingSecretStore> Logger { get; } = new();

    public CachingSecretStore Store { get; }

    public static async Task<CachedVault> StartAsync(SecretStoreOptions? options = null) =>
        new(await KeyVaultFake.StartAsync(), options ?? new SecretStoreOptions());

    public Task<string?> GetAsync(string name) => Store.GetAsync(name, CancellationToken.None).AsTask();

    public ValueTask DisposeAsync() => Vault.DisposeAsync();
}
