using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit;

/// <summary>One call as a listing shows it: everything but the large texts, and where its record is.</summary>
public sealed record AuditSummary
{
    public required string RequestId { get; init; }

    public DateTimeOffset? Time { get; init; }

    public string? Caller { get; init; }

    public string? Route { get; init; }

    public string? Provider { get; init; }

    public string? Model { get; init; }

    public bool? Stream { get; init; }

    public string? Outcome { get; init; }

    public int? Status { get; init; }

    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    public int? TotalTokens { get; init; }

    public string? FinishReason { get; init; }

    public bool? NeedClearHistory { get; init; }

    public int? Flag { get; init; }

    public int? BanRound { get; init; }

    public bool? IsTruncated { get; init; }

    public bool Flagged { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    public double? DurationMs { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The error code returned (short codes only; the record holds it whole).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>For a request refused before routing: its HTTP method and path.</summary>
    public string? HttpMethod { get; init; }

    public string? Path { get; init; }

    /// <summary>The record's partition key in the records table.</summary>
    public required string RecordPartitionKey { get; init; }

    /// <summary>The record's row key in the records table.</summary>
    public required string RecordRowKey { get; init; }

    /// <summary>Reads a record row or an index row.</summary>
    public static AuditSummary FromEntity(TableEntity entity) => new()
    {
        RequestId = AuditValues.String(entity, P.RequestId) ?? "",
        Time = AuditValues.Time(entity, P.Time),
        Caller = AuditValues.String(entity, P.Caller),
        Route = AuditValues.String(entity, P.Route),
        Provider = AuditValues.String(entity, P.Provider),
        Model = AuditValues.String(entity, P.Model),
        Stream = AuditValues.Boolean(entity, P.Stream),
        Outcome = AuditValues.String(entity, P.Outcome),
        Status = AuditValues.Int32(entity, P.Status),
        PromptTokens = AuditValues.Int32(entity, P.PromptTokens),
        CompletionTokens = AuditValues.Int32(entity, P.CompletionTokens),
        TotalTokens = AuditValues.Int32(entity, P.TotalTokens),
        FinishReason = AuditValues.String(entity, P.FinishReason),
        NeedClearHistory = AuditValues.Boolean(entity, P.NeedClearHistory),
        Flag = AuditValues.Int32(entity, P.Flag),
        BanRound = AuditValues.Int32(entity, P.BanRound),
        IsTruncated = AuditValues.Boolean(entity, P.IsTruncated),
        Flagged = AuditValues.Boolean(entity, P.Flagged) ?? false,
        TimeToFirstTokenMs = AuditValues.Double(entity, P.TimeToFirstTokenMs),
        DurationMs = AuditValues.Double(entity, P.DurationMs),
        CompletedAt = AuditValues.Time(entity, P.CompletedAt),
        ErrorCode = AuditValues.String(entity, P.ErrorCode),
        HttpMethod = AuditValues.String(entity, P.HttpMethod),
        Path = AuditValues.String(entity, P.Path),
        RecordPartitionKey = AuditValues.String(entity, P.RecordPartitionKey) ?? entity.PartitionKey,
        RecordRowKey = AuditValues.String(entity, P.RecordRowKey) ?? entity.RowKey,
    };
}
