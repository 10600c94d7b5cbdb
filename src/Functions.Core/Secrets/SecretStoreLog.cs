namespace Functions.Core.Secrets;

/// <summary>
/// The secret store's log lines (event ids 2100-2199). They carry secret names and causes, never values, tokens
/// or request URLs; outages are logged once when they begin and once when they end, not once per call.
/// </summary>
internal static partial class SecretStoreLog
{
    [LoggerMessage(EventId = 2101, EventName = "SecretStoreUnavailable", Level = LogLevel.Warning,
        Message = "The secret store is unavailable: {Error} Serving last good values (up to {MaxStale} old), " +
            "retrying every {RetryInterval}.")]
    public static partial void SecretStoreUnavailable(
        this ILogger logger, string error, TimeSpan maxStale, TimeSpan retryInterval);

    [LoggerMessage(EventId = 2102, EventName = "SecretStoreRefused", Level = LogLevel.Error,
        Message = "The secret store refused a read: {Error}")]
    public static partial void SecretStoreRefused(this ILogger logger, string error);

    [LoggerMessage(EventId = 2103, EventName = "SecretStoreRecovered", Level = LogLevel.Information,
        Message = "The secret store is reachable again after {OutageDuration}.")]
    public static partial void SecretStoreRecovered(this ILogger logger, TimeSpan outageDuration);
}
