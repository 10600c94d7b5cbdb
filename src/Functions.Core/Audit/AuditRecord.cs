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

    /// <summary>True when the prompt sent upstream was the prompt received (stored once; <see cref="PromptSent"/> repeats it).</summary>
    public bool PromptSentIsReceived { get; init; }

    public string? ResponseText { get; init; }

    public string? RawFinishReason { get; init; }

    public double? PrefillTimeMs { get; init; }

    public AuditDecodeStats? DecodeTimeStats { get; init; }

    public string? UpstreamRequestId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>For a request refused before routing: a fingerprint of an unknown caller's key (never the key).</summary>
    public string? KeyFingerprint { get; init; }

    public string? ClientAddress { get; init; }

    public long? BodyBytes { get; init; }

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
            HttpMethod = Text(P.HttpMethod),
            Path = Text(P.Path),
            RecordPartitionKey = record.PartitionKey,
            RecordRowKey = record.RowKey,
        };
        var decodeCount = AuditValues.Int32(record, P.DecodeCount);
        var sentIsReceived = AuditValues.Boolean(record, P.PromptSentIsReceived) == true;
        var promptReceived = Text(P.PromptReceived);
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
            PromptReceived = promptReceived,
            PromptSent = sentIsReceived ? promptReceived : Text(P.PromptSent),
            PromptSentIsReceived = sentIsReceived,
            ResponseText = Text(P.ResponseText),
            RawFinishReason = Text(P.RawFinishReason),
            PrefillTimeMs = AuditValues.Double(record, P.PrefillTimeMs),
            DecodeTimeStats = decodeCount is { } count
                ? new AuditDecodeStats(count, AuditValues.Double(record, P.DecodeMeanMs) ?? 0, AuditValues.Double(record, P.DecodeP50Ms) ?? 0, AuditValues.Double(record, P.DecodeMaxMs) ?? 0)
                : null,
            UpstreamRequestId = Text(P.UpstreamRequestId),
            ErrorCode = Text(P.ErrorCode),
            ErrorMessage = Text(P.ErrorMessage),
            KeyFingerprint = Text(P.KeyFingerprint),
            ClientAddress = Text(P.ClientAddress),
            BodyBytes = AuditValues.Int64(record, P.BodyBytes),
        };
    }
}
