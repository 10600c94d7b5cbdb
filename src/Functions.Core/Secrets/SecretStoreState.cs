namespace Functions.Core.Secrets;

/// <summary>The secret store's state as a readiness endpoint reports it.</summary>
public enum SecretStoreState
{
    /// <summary>Nothing has been read yet.</summary>
    Unknown,

    /// <summary>The last read succeeded.</summary>
    Ready,

    /// <summary>The store is unreachable or throttling; last good values are being served.</summary>
    Degraded,

    /// <summary>Secrets cannot be served: the store refused access, or has failed with no good value to fall back on.</summary>
    Unavailable,
}
