using Functions.Core.Audit.Tables;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit;

/// <summary>One call's whole record, long texts reassembled exactly as they were written.</summary>
public sealed record AuditRecord
{
    /// <summary>The listing fields.</summary>
    public required AuditSummary Summary { get; init; }

    public string? CallerMethod { get; init; }

    public string? CallerAppId { get; init; }

    public string? CallerObjectId { get; init; }

    public string? CallerTenantId { get; init; }

    public string? Target { get; init; }

    public string? UserAgent { get; init; }

    public string? InvocationId { get; init; }

    public string? PromptReceived { get; init; }

    public string? PromptSent { get; init; }

    public string? ResponseText { get; init; }

    public string? RawFinishReason { get; init; }

    public double? PrefillTimeMs { get; init; }

    public AuditDecodeStats? DecodeTimeStats { get; init; }

    public string? UpstreamRequestId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Reassembles a record from its record row and its continuation rows.</summary>
    public static AuditRecord FromRows(TableEntity record, IReadOnlyList<TableEntity> continuationRows)
    {
        string? Text(string field) => AuditTextLayout.Read(record, continuationRows, field);
        var summary = AuditSummary.FromEntity(record) with
        {
            RequestId = Text(P.RequestId) ?? "",
            Caller = Text(P.Caller),
            Route = Text(P.Route),
            Provider = Text(P.Provider),
            Model = Text(P.Model),
            Outcome = Text(P.Outcome),
            FinishReason = Text(P.FinishReason),
            RecordPartitionKey = record.PartitionKey,
            RecordRowKey = record.RowKey,
        };
        var decodeCount = record.GetInt32(P.DecodeCount);
        return new AuditRecord
        {
            Summary = summary,
            CallerMethod = Text(P.CallerMethod),
            CallerAppId = Text(P.CallerAppId),
            CallerObjectId = Text(P.CallerObjectId),
            CallerTenantId = Text(P.CallerTenantId),
            Target = Text(P.Target),
            UserAgent = Text(P.UserAgent),
            InvocationId = Text(P.InvocationId),
            PromptReceived = Text(P.PromptReceived),
            PromptSent = Text(P.PromptSent),
            ResponseText = Text(P.ResponseText),
            RawFinishReason = Text(P.RawFinishReason),
            PrefillTimeMs = record.GetDouble(P.PrefillTimeMs),
            DecodeTimeStats = decodeCount is { } count
                ? new AuditDecodeStats(count, record.GetDouble(P.DecodeMeanMs) ?? 0, record.GetDouble(P.DecodeP50Ms) ?? 0, record.GetDouble(P.DecodeMaxMs) ?? 0)
                : null,
            UpstreamRequestId = Text(P.UpstreamRequestId),
            ErrorCode = Text(P.ErrorCode),
            ErrorMessage = Text(P.ErrorMessage),
        };
    }
}
