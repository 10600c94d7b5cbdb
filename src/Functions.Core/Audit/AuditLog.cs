using Microsoft.Extensions.Logging;

namespace Functions.Core.Audit;

/// <summary>The audit store's log messages (never with prompts, responses or keys).</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Audit record of request {RequestId} could not be written within {ElapsedMs} ms; the call is refused (Audit:FailClosed)")]
    public static partial void BeginFailedClosed(ILogger logger, string requestId, double elapsedMs, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Audit record of request {RequestId} could not be written within {ElapsedMs} ms; the call proceeds unaudited for now because Audit:FailClosed is false")]
    public static partial void BeginFailedOpen(ILogger logger, string requestId, double elapsedMs, Exception exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Audit completion of request {RequestId} was refused by the audit store ({Status} {ErrorCode}); the record lacks its outcome")]
    public static partial void CompletionRefused(ILogger logger, string requestId, int status, string? errorCode, Exception exception);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Error, Message = "Audit completion of request {RequestId} was not written before shutdown; the record lacks its outcome")]
    public static partial void CompletionAbandoned(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Error, Message = "Audit completion of request {RequestId} is dropped: {Pending} completions already wait for the audit store (Audit:MaxPendingCompletions, Audit:MaxPendingCompletionBytes) and Audit:FailClosed is false")]
    public static partial void CompletionDropped(ILogger logger, string requestId, long pending);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Audit completion of request {RequestId} has no matching begin in this process; it is written as a record of its own")]
    public static partial void CompletionWithoutBegin(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Neither Audit:ConnectionString nor Audit:TableServiceUri is set: calls are not audited")]
    public static partial void NotConfigured(ILogger logger);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Refusing calls at once (503 audit_unavailable, Retry-After {RetryAfterSeconds} s): {Reason}")]
    public static partial void Refusing(ILogger logger, string reason, double retryAfterSeconds);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "The audit store keeps up again: calls are admitted ({Refused} refused since the start)")]
    public static partial void AdmittingAgain(ILogger logger, long refused);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Error, Message = "The audit store is behind; request {RequestId} proceeds unaudited for now because Audit:FailClosed is false")]
    public static partial void RefusedProceedingOpen(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Error, Message = "{Count} rejected requests could not be written or counted before shutdown")]
    public static partial void RejectionsLost(ILogger logger, long count);
}
