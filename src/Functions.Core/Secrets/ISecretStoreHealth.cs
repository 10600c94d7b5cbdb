namespace Functions.Core.Secrets;

/// <summary>
/// How the secret store is doing, for the host's readiness endpoint. Start-up never waits for the store; this is
/// where a vault that cannot be reached shows.
/// </summary>
public interface ISecretStoreHealth
{
    /// <summary>The state as last seen by reads, without reading anything.</summary>
    SecretStoreStatus Status { get; }

    /// <summary>Reads <paramref name="names"/> (from the cache where current) and reports whether all can be served.</summary>
    Task<SecretStoreStatus> CheckAsync(IEnumerable<string> names, CancellationToken cancellationToken);
}
