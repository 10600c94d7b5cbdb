namespace Functions.Core.Audit;

/// <summary>The audit store's log messages (never with prompts, responses or keys).</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "The audit store did not write the record of request {RequestId} within {ElapsedMs} ms: calls are refused (503 audit_unavailable) until it writes again; further failures are counted, not logged")]
    public static partial void BeginFailingClosed(ILogger logger, string requestId, double elapsedMs, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "The audit store did not write the record of request {RequestId} within {ElapsedMs} ms: calls go upstream before their record is written (Audit:FailClosed is false), each written whole with its outcome later; further failures are counted, not logged")]
    public static partial void BeginFailingOpen(ILogger logger, string requestId, double elapsedMs, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "The audit store writes records again after {OutageSeconds:F1} s: {Failed} records were not written in time meanwhile")]
    public static partial void WritingAgain(ILogger logger, double outageSeconds, long failed);

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

    /// <summary>Admission control starts refusing: a warning, or information when a failed write has already announced the outage.</summary>
    [LoggerMessage(EventId = 5007, Message = "Refusing calls at once (503 audit_unavailable, Retry-After {RetryAfterSeconds} s): {Reason}; further refusals are counted, not logged")]
    public static partial void Refusing(ILogger logger, LogLevel level, string reason, double retryAfterSeconds);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Error, Message = "The audit store is behind ({Reason}): calls go upstream before their record is written (Audit:FailClosed is false); further ones are counted, not logged")]
    public static partial void ProceedingOpen(ILogger logger, string reason);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "The audit store keeps up again after {EpisodeSeconds:F1} s: {Refused} calls were refused or let through meanwhile ({Total} since the start)")]
    public static partial void AdmittingAgain(ILogger logger, double episodeSeconds, long refused, long total);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Error, Message = "{Count} rejected requests could not be written or counted before shutdown")]
    public static partial void RejectionsLost(ILogger logger, long count);
}
