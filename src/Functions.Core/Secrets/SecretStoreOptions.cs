namespace Functions.Core.Secrets;

/// <summary>
/// Where secrets come from and how long they are trusted, bound from the <c>Secrets</c> configuration section.
/// Without <see cref="VaultUri"/> the facade reads <c>Secrets:Values:&lt;name&gt;</c> from configuration instead.
/// </summary>
public sealed class SecretStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Secrets";

    /// <summary>
    /// The vault, for example <c>https://my-vault.vault.azure.net/</c>. When set, secrets are read from Key Vault
    /// with the app's managed identity; when empty, from configuration.
    /// </summary>
    public Uri? VaultUri { get; set; }

    /// <summary>
    /// The client id of a user-assigned managed identity. Empty for the system-assigned identity (or, locally,
    /// whatever <c>DefaultAzureCredential</c> finds: environment, Azure CLI, Visual Studio).
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How long a value read from the vault is used before it is read again (default 5 minutes).</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after its last successful read a value is still served while the vault is unreachable or
    /// throttling (default 24 hours). Past that, reads fail.
    /// </summary>
    public TimeSpan MaxStale { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// While the vault is unavailable, how long a stale value is served before the vault is tried again
    /// (default 30 seconds), so that an outage or throttling is not met with one vault call per request.
    /// </summary>
    public TimeSpan OutageRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong with these settings, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (VaultUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
            yield return $"{section}:VaultUri must be an absolute https URI such as https://my-vault.vault.azure.net/.";
        if (CacheTtl <= TimeSpan.Zero) yield return $"{section}:CacheTtl must be positive.";
        if (MaxStale < TimeSpan.Zero) yield return $"{section}:MaxStale must not be negative.";
        if (OutageRetryInterval <= TimeSpan.Zero) yield return $"{section}:OutageRetryInterval must be positive.";
    }
}
