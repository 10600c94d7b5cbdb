namespace Functions.Core.Secrets;

/// <summary>
/// Provider keys by name (<see cref="SecretNames"/>). The only door to secrets: configuration for
/// local runs, Key Vault in Azure. Values never reach logs, errors or the audit.
/// </summary>
public interface ISecretStore
{
    /// <summary>Returns the secret's current value, or <c>null</c> when no such secret exists.</summary>
    ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken);
}
