namespace Functions.Core.Secrets;

/// <summary>Secrets from configuration (<c>Secrets:Values:&lt;name&gt;</c>), for local runs and tests.</summary>
public sealed class ConfigurationSecretStore(IConfiguration configuration) : ISecretStore, ISecretStoreHealth
{
    private static readonly SecretStoreStatus ReadyStatus = new(SecretStoreState.Ready, null, null, null, null);

    private readonly IConfigurationSection _values = configuration.GetSection("Secrets:Values");

    public ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var value = _values[name];
        return ValueTask.FromResult(string.IsNullOrEmpty(value) ? null : value);
    }

    /// <summary>Configuration is always there: always ready.</summary>
    public SecretStoreStatus Status => ReadyStatus;

    /// <inheritdoc />
    public Task<SecretStoreStatus> CheckAsync(IEnumerable<string> names, CancellationToken cancellationToken) => Task.FromResult(ReadyStatus);
}
