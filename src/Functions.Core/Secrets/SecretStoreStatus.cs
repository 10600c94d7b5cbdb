namespace Functions.Core.Secrets;

/// <summary>A snapshot of the secret store's health; <see cref="LastError"/> never holds a value or a URL.</summary>
/// <param name="State">Ready, degraded (serving last good values), unavailable, or unknown before the first read.</param>
/// <param name="LastSuccess">When the store last answered a read.</param>
/// <param name="LastFailure">When a read last failed.</param>
/// <param name="LastError">What the last failure was, naming the secret and the cause.</param>
/// <param name="OutageSince">When the current run of failures began, or <c>null</c> when there is none.</param>
public sealed record SecretStoreStatus(
    SecretStoreState State,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    DateTimeOffset? OutageSince);
