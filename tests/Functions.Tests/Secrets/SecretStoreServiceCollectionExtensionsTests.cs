using Functions.Core.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Functions.Tests.Secrets;

/// <summary>Which store <c>AddSecretStore</c> registers, and the options it binds.</summary>
public sealed class SecretStoreServiceCollectionExtensionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task AddSecretStore_WithoutAVaultUri_ReadsSecretsFromConfiguration(string? vaultUri)
    {
        using var services = Build(new()
        {
            ["Secrets:VaultUri"] = vaultUri,
            [$"Secrets:Values:{SecretNames.LanruiApiKey}"] = "local-lanrui-key",
        });

        var store = services.GetRequiredService<ISecretStore>();

        Assert.IsType<ConfigurationSecretStore>(store);
        Assert.Same(store, services.GetRequiredService<ISecretStoreHealth>());
        Assert.Equal("local-lanrui-key", await store.GetAsync(SecretNames.LanruiApiKey, CancellationToken.None));
        Assert.Null(await store.GetAsync(SecretNames.BaiduApiKey, CancellationToken.None));
        Assert.Equal(SecretStoreState.Ready, services.GetRequiredService<ISecretStoreHealth>().Status.State);
    }

    [Fact]
    public void AddSecretStore_WithAVaultUri_CachesKeyVaultWithoutReadingAnythingYet()
    {
        using var services = Build(new()
        {
            ["Secrets:VaultUri"] = "https://facade-test.vault.azure.net/",
            ["Secrets:ManagedIdentityClientId"] = "11111111-2222-3333-4444-555555555555",
        });

        var store = services.GetRequiredService<ISecretStore>();

        Assert.IsType<CachingSecretStore>(store);
        Assert.Same(store, services.GetRequiredService<ISecretStoreHealth>());
        Assert.Equal(SecretStoreState.Unknown, ((CachingSecretStore)store).Status.State);
    }

    [Fact]
    public void AddSecretStore_BindsTheSecretsSectionWithDefaults()
    {
        using var services = Build(new()
        {
            ["Secrets:VaultUri"] = "https://facade-test.vault.azure.net/",
            ["Secrets:ManagedIdentityClientId"] = "11111111-2222-3333-4444-555555555555",
            ["Secrets:MaxStale"] = "02:00:00",
        });

        var options = services.GetRequiredService<IOptions<SecretStoreOptions>>().Value;

        Assert.Equal(new Uri("https://facade-test.vault.azure.net/"), options.VaultUri);
        Assert.Equal("11111111-2222-3333-4444-555555555555", options.ManagedIdentityClientId);
        Assert.Equal(TimeSpan.FromMinutes(5), options.CacheTtl);
        Assert.Equal(TimeSpan.FromHours(2), options.MaxStale);
        Assert.Equal(TimeSpan.FromSeconds(30), options.OutageRetryInterval);
    }

    [Theory]
    [InlineData("Secrets:VaultUri", "http://facade-test.vault.azure.net/", "absolute https")]
    [InlineData("Secrets:CacheTtl", "00:00:00", "CacheTtl")]
    [InlineData("Secrets:MaxStale", "-01:00:00", "MaxStale")]
    public void AddSecretStore_WithUnusableOptions_FailsWhenTheOptionsAreRead(string key, string value, string problem)
    {
        using var services = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<SecretStoreOptions>>().Value);

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders())
            .AddSecretStore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
