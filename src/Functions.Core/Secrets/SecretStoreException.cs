namespace Functions.Core.Secrets;

/// <summary>
/// A secret could not be read. Carries the secret's name, the store's HTTP status and error code when there was
/// one, and whether the failure is transient (unreachable, throttled, 5xx) or needs someone to act (access denied).
/// The message never contains a secret value, a token or a request URL.
/// </summary>
public sealed class SecretStoreException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> must not contain values, tokens or URLs.</summary>
    public SecretStoreException(
        string secretName, string message, bool isTransient, int? status = null, string? errorCode = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        SecretName = secretName;
        IsTransient = isTransient;
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>The name of the secret that was asked for (see <see cref="SecretNames"/>).</summary>
    public string SecretName { get; }

    /// <summary>
    /// <c>true</c> when trying again later may succeed: the store was unreachable, timed out, throttled (429) or
    /// failed (5xx), or no token could be had for it. A cache may keep serving the last good value meanwhile.
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>The HTTP status the store answered with, or <c>null</c> when no answer arrived.</summary>
    public int? Status { get; }

    /// <summary>The store's error code (for Key Vault, for example <c>Forbidden</c>), when it sent one.</summary>
    public string? ErrorCode { get; }
}
