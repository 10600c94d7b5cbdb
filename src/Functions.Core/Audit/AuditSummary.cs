using Functions.Core.Audit.Tables;
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

    /// <summary>The record's partition key in the records table.</summary>
    public required string RecordPartitionKey { get; init; }

    /// <summary>The record's row key in the records table.</summary>
    public required string RecordRowKey { get; init; }

    /// <summary>Reads a record row or an index row.</summary>
    public static AuditSummary FromEntity(TableEntity entity) => new()
    {
        RequestId = entity.GetString(P.RequestId) ?? "",
        Time = entity.GetDateTimeOffset(P.Time),
        Caller = entity.GetString(P.Caller),
        Route = entity.GetString(P.Route),
        Provider = entity.GetString(P.Provider),
        Model = entity.GetString(P.Model),
        Stream = entity.GetBoolean(P.Stream),
        Outcome = entity.GetString(P.Outcome),
        Status = entity.GetInt32(P.Status),
        PromptTokens = entity.GetInt32(P.PromptTokens),
        CompletionTokens = entity.GetInt32(P.CompletionTokens),
        TotalTokens = entity.GetInt32(P.TotalTokens),
        FinishReason = entity.GetString(P.FinishReason),
        NeedClearHistory = entity.GetBoolean(P.NeedClearHistory),
        Flag = entity.GetInt32(P.Flag),
        BanRound = entity.GetInt32(P.BanRound),
        IsTruncated = entity.GetBoolean(P.IsTruncated),
        Flagged = entity.GetBoolean(P.Flagged) ?? false,
        TimeToFirstTokenMs = entity.GetDouble(P.TimeToFirstTokenMs),
        DurationMs = entity.GetDouble(P.DurationMs),
        CompletedAt = entity.GetDateTimeOffset(P.CompletedAt),
        RecordPartitionKey = entity.GetString(P.RecordPartitionKey) ?? entity.PartitionKey,
        RecordRowKey = entity.GetString(P.RecordRowKey) ?? entity.RowKey,
    };
}
