namespace Functions.Core.Diagnostics;

/// <summary>Source-generated log messages. Never prompts, keys, tokens or query strings.</summary>
public static partial class FacadeLog
{
    [LoggerMessage(1001, LogLevel.Information, "Call {RequestId} by {Caller} to {Provider}/{Model} (stream: {Stream}) ended: {Outcome} {Status} in {DurationMs:F1} ms")]
    public static partial void CallEnded(ILogger logger, string requestId, string caller, string provider, string model, bool stream, string outcome, int status, double durationMs);

    /// <summary>
    /// A call answered with an error: a warning for the facade's and providers' failures (5xx), information for the
    /// caller's (4xx), debug for the refusals an outage causes (audit, secrets), which their stores log once per outage.
    /// </summary>
    [LoggerMessage(EventId = 1002, Message = "Call {RequestId} failed: {Status} {Code}: {Message}")]
    public static partial void CallFailed(ILogger logger, LogLevel level, string requestId, int status, string code, string message);

    /// <summary>The level <see cref="CallFailed"/> logs an answer at.</summary>
    public static LogLevel LevelOf(Errors.FacadeException error) =>
        error.Code == Errors.ErrorCode.AuditUnavailable || error.Code == Errors.ErrorCode.SecretsUnavailable ? LogLevel.Debug
        : error.Status >= 500 ? LogLevel.Warning
        : LogLevel.Information;

    [LoggerMessage(1003, LogLevel.Error, "Call {RequestId} failed unexpectedly")]
    public static partial void CallCrashed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(1004, LogLevel.Information, "Call {RequestId}: the client went away")]
    public static partial void ClientAborted(ILogger logger, string requestId);

    [LoggerMessage(1005, LogLevel.Warning, "Rejected a call with no valid API key from {RemoteIp}")]
    public static partial void Unauthenticated(ILogger logger, string? remoteIp);
}
