using Azure;
using Azure.Identity;

namespace Functions.Core.Secrets;

public sealed partial class KeyVaultSecretStore
{
    /// <summary>
    /// Turns what the SDK throws into a <see cref="SecretStoreException"/> whose message names the secret and the
    /// cause but never the request URL or a value. Returns <c>null</c> for exceptions that are not about the vault.
    /// </summary>
    internal static SecretStoreException? ToStoreException(string name, Exception exception)
    {
        // Azure.Core's retry policy throws an AggregateException of every attempt once it gives up on transport
        // errors; the last attempt is the one that tells.
        var cause = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[^1] : exception;
        return cause switch
        {
            RequestFailedException { Status: 401 or 403 } e => new SecretStoreException(
                name,
                $"Key Vault refused to read secret '{name}' (HTTP {e.Status}{CodeSuffix(e)}): the vault rejected the " +
                "identity's token or the identity lacks the 'Key Vault Secrets User' role on the vault.",
                isTransient: false, e.Status, e.ErrorCode, exception),
            RequestFailedException { Status: 408 or 429 or >= 500 } e => new SecretStoreException(
                name,
                $"Key Vault is unavailable for secret '{name}' (HTTP {e.Status}{CodeSuffix(e)}).",
                isTransient: true, e.Status, e.ErrorCode, exception),
            RequestFailedException { Status: 0 } e => new SecretStoreException(
                name,
                $"Key Vault could not be reached for secret '{name}' ({e.InnerException?.GetType().Name ?? "no response"}).",
                isTransient: true, innerException: exception),
            RequestFailedException e => new SecretStoreException(
                name,
                $"Key Vault failed to read secret '{name}' (HTTP {e.Status}{CodeSuffix(e)}).",
                isTransient: false, e.Status, e.ErrorCode, exception),
            // No token: the managed identity endpoint (or, locally, the developer's sign-in) failed. If it worked
            // before it is most likely a passing failure, so a cache may go on serving what it has.
            AuthenticationFailedException => new SecretStoreException(
                name,
                $"No token could be had for Key Vault to read secret '{name}' (DefaultAzureCredential failed).",
                isTransient: true, innerException: exception),
            // The SDK's network timeout surfaces as a cancellation the caller did not ask for.
            OperationCanceledException or HttpRequestException or IOException => new SecretStoreException(
                name,
                $"Key Vault could not be reached for secret '{name}' ({cause.GetType().Name}).",
                isTransient: true, innerException: exception),
            _ => null,
        };
    }

    private static string CodeSuffix(RequestFailedException e) =>
        string.IsNullOrEmpty(e.ErrorCode) ? "" : $", {e.ErrorCode}";
}
