using Microsoft.Extensions.Logging;

namespace Functions.Core.Audit;

/// <summary>The audit store's log messages (never with prompts, responses or keys).</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Audit record of request {RequestId} could not be written within {ElapsedMs} ms; the call is refused (Audit:FailClosed)")]
    public static partial void BeginFailedClosed(ILogger logger, string requestId, double elapsedMs, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Audit record of request {RequestId} could not be written within {ElapsedMs} ms; the call proceeds unaudited for now because Audit:FailClosed is false")]
    public static partial void BeginFailedOpen(ILogger logger, string requestId, double elapsedMs, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "Audit completion of request {RequestId} failed on attempt {Attempt}; retrying in {DelayMs} ms")]
    public static partial void CompletionRetrying(ILogger logger, string requestId, int attempt, double delayMs, Exception exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Audit completion of request {RequestId} could not be written after {Attempts} attempts; the record lacks its outcome")]
    public static partial void CompletionFailed(ILogger logger, string requestId, int attempts, Exception exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Audit completion of request {RequestId} has no matching begin in this process; it is written as a record of its own")]
    public static partial void CompletionWithoutBegin(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Neither Audit:ConnectionString nor Audit:TableServiceUri is set: calls are not audited")]
    public static partial void NotConfigured(ILogger logger);
}
