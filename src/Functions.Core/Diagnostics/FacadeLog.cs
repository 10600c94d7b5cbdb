using Microsoft.Extensions.Logging;

namespace Functions.Core.Diagnostics;

/// <summary>Source-generated log messages. Never prompts, keys, tokens or query strings.</summary>
public static partial class FacadeLog
{
    [LoggerMessage(1001, LogLevel.Information, "Call {RequestId} by {Caller} to {Provider}/{Model} (stream: {Stream}) ended: {Outcome} {Status} in {DurationMs:F1} ms")]
    public static partial void CallEnded(ILogger logger, string requestId, string caller, string provider, string model, bool stream, string outcome, int status, double durationMs);

    [LoggerMessage(1002, LogLevel.Warning, "Call {RequestId} failed: {Status} {Code}: {Message}")]
    public static partial void CallFailed(ILogger logger, string requestId, int status, string code, string message);

    [LoggerMessage(1003, LogLevel.Error, "Call {RequestId} failed unexpectedly")]
    public static partial void CallCrashed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(1004, LogLevel.Information, "Call {RequestId}: the client went away")]
    public static partial void ClientAborted(ILogger logger, string requestId);

    [LoggerMessage(1005, LogLevel.Warning, "Rejected a call with no valid API key from {RemoteIp}")]
    public static partial void Unauthenticated(ILogger logger, string? remoteIp);
}
