using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Functions.Core.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Functions.Core.Secrets;

/// <summary>Registers the secret store the configuration asks for.</summary>
public static class SecretStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISecretStore"/> and <see cref="ISecretStoreHealth"/>, with <see cref="SecretStoreOptions"/>
    /// bound from the <c>Secrets</c> section. Without <c>Secrets:VaultUri</c>: <see cref="ConfigurationSecretStore"/>
    /// (<c>Secrets:Values:&lt;name&gt;</c>). With it: <see cref="KeyVaultSecretStore"/> behind
    /// <see cref="CachingSecretStore"/>, signed in with <c>DefaultAzureCredential</c> (the managed identity in
    /// Azure). Nothing is read from the vault here or at start-up. A store registered before is kept.
    /// </summary>
    public static IServiceCollection AddSecretStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(SecretStoreOptions.SectionName);
        services.AddValidatedOptions<SecretStoreOptions>(configuration, SecretStoreOptions.SectionName, static (o, s) => o.Problems(s));

        if (string.IsNullOrWhiteSpace(section[nameof(SecretStoreOptions.VaultUri)]))
        {
            services.AddSingleton(_ => new ConfigurationSecretStore(configuration));
            services.TryAddSingleton<ISecretStore>(sp => sp.GetRequiredService<ConfigurationSecretStore>());
            services.TryAddSingleton<ISecretStoreHealth>(sp => sp.GetRequiredService<ConfigurationSecretStore>());
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CachingSecretStore(
            new KeyVaultSecretStore(CreateClient(sp.GetRequiredService<IOptions<SecretStoreOptions>>().Value)),
            sp.GetRequiredService<IOptions<SecretStoreOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CachingSecretStore>>()));
        services.TryAddSingleton<ISecretStore>(sp => sp.GetRequiredService<CachingSecretStore>());
        services.TryAddSingleton<ISecretStoreHealth>(sp => sp.GetRequiredService<CachingSecretStore>());
        return services;
    }

    private static SecretClient CreateClient(SecretStoreOptions options)
    {
        var credentialOptions = new DefaultAzureCredentialOptions();
        if (!string.IsNullOrWhiteSpace(options.ManagedIdentityClientId))
        {
            // A user-assigned identity; left alone, the credential uses AZURE_CLIENT_ID or the system-assigned one.
            credentialOptions.ManagedIdentityClientId = options.ManagedIdentityClientId;
        }

        var credential = new DefaultAzureCredential(credentialOptions);

        var clientOptions = new SecretClientOptions();
        // A request waits for the secret; the SDK's defaults (100 s per try, 3 retries) would hold it for minutes
        // before the cache may fall back on the last good value.
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        return new SecretClient(options.VaultUri!, credential, clientOptions);
    }
}
