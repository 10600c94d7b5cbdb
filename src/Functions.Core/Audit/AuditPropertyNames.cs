namespace Functions.Core.Audit;

/// <summary>
/// The property names of audit rows: the contract reviewers and tools rely on (docs/audit.md). Text fields
/// longer than one property holds also have <c>{Name}_1</c>… chunks or continuation rows, described by
/// <c>{Name}_Chunks</c>, <c>{Name}_Rows</c> and <c>{Name}_Length</c>.
/// </summary>
public static class AuditPropertyNames
{
    public const string SchemaVersion = "SchemaVersion";
    public const string RequestId = "RequestId";
    public const string Time = "Time";
    public const string Caller = "Caller";
    public const string CallerMethod = "CallerMethod";
    public const string CallerAppId = "CallerAppId";
    public const string CallerObjectId = "CallerObjectId";
    public const string CallerTenantId = "CallerTenantId";
    public const string Route = "Route";
    public const string Provider = "Provider";
    public const string Model = "Model";
    public const string Target = "Target";
    public const string Stream = "Stream";
    public const string PromptReceived = "PromptReceived";
    public const string PromptSent = "PromptSent";

    /// <summary>True when the prompt sent upstream was the prompt received, byte for byte: only <see cref="PromptReceived"/> is stored.</summary>
    public const string PromptSentIsReceived = "PromptSentIsReceived";
    public const string UserAgent = "UserAgent";
    public const string InvocationId = "InvocationId";

    public const string CompletedAt = "CompletedAt";
    public const string Outcome = "Outcome";
    public const string Status = "Status";
    public const string ResponseText = "ResponseText";
    public const string FinishReason = "FinishReason";
    public const string RawFinishReason = "RawFinishReason";
    public const string PromptTokens = "PromptTokens";
    public const string CompletionTokens = "CompletionTokens";
    public const string TotalTokens = "TotalTokens";
    public const string NeedClearHistory = "NeedClearHistory";
    public const string Flag = "Flag";
    public const string BanRound = "BanRound";
    public const string IsTruncated = "IsTruncated";
    public const string Flagged = "Flagged";
    public const string PrefillTimeMs = "PrefillTimeMs";
    public const string DecodeCount = "DecodeCount";
    public const string DecodeMeanMs = "DecodeMeanMs";
    public const string DecodeP50Ms = "DecodeP50Ms";
    public const string DecodeMaxMs = "DecodeMaxMs";
    public const string TimeToFirstTokenMs = "TimeToFirstTokenMs";
    public const string DurationMs = "DurationMs";
    public const string UpstreamRequestId = "UpstreamRequestId";
    public const string ErrorCode = "ErrorCode";
    public const string ErrorMessage = "ErrorMessage";

    /// <summary>On records of requests refused before routing (see <see cref="AuditRejection"/>).</summary>
    public const string KeyFingerprint = "KeyFingerprint";
    public const string ClientAddress = "ClientAddress";
    public const string HttpMethod = "HttpMethod";
    public const string Path = "Path";
    public const string BodyBytes = "BodyBytes";

    /// <summary>On rejection summary rows: the interval, the instance, how many requests, and counts by status and by error code (JSON objects).</summary>
    public const string From = "From";
    public const string To = "To";
    public const string Instance = "Instance";
    public const string Count = "Count";
    public const string ByStatus = "ByStatus";
    public const string ByErrorCode = "ByErrorCode";

    /// <summary>On index rows: the record's partition and row keys.</summary>
    public const string RecordPartitionKey = "RecordPartitionKey";
    public const string RecordRowKey = "RecordRowKey";

    /// <summary>On continuation rows: which text field, which row of it, how many chunks it holds (<c>C00</c>, <c>C01</c>…).</summary>
    public const string Field = "Field";
    public const string Row = "Row";
    public const string Chunks = "Chunks";

    /// <summary>
    /// On record rows, rejection summary rows and purge entries: the chain link's seal (HMAC-SHA256, base64), the key
    /// id that made it, the chain (one per process), the link's number in it, the previous link's seal and where that
    /// link's row is (<c>{PartitionKey}/{RowKey}</c>). On continuation rows: <see cref="Seal"/> and <see cref="SealKey"/> only.
    /// </summary>
    public const string Seal = "Seal";
    public const string SealKey = "SealKey";
    public const string SealChain = "SealChain";
    public const string SealSeq = "SealSeq";
    public const string SealPrev = "SealPrev";
    public const string SealPrevRow = "SealPrevRow";

    /// <summary>On completed record rows begun separately: the seal over the whole final row, and its key id.</summary>
    public const string CompletionSeal = "CompletionSeal";
    public const string CompletionSealKey = "CompletionSealKey";

    /// <summary>On rejection summary rows: numbers of this chain's links that were sealed but could not be written (comma-separated).</summary>
    public const string LostSeals = "LostSeals";

    /// <summary>On purge entries: days before this one were deleted; the first and last day deleted; how many days, records and rows; who and when.</summary>
    public const string PurgedBefore = "PurgedBefore";
    public const string FirstDay = "FirstDay";
    public const string LastDay = "LastDay";
    public const string Days = "Days";
    public const string Records = "Records";
    public const string Rows = "Rows";
    public const string PurgedBy = "PurgedBy";
    public const string PurgedAt = "PurgedAt";

    /// <summary>The properties an index row and a listing carry: everything but the large texts.</summary>
    public static readonly IReadOnlyList<string> Summary =
    [
        RequestId, Time, Caller, Route, Provider, Model, Stream, Outcome, Status, PromptTokens, CompletionTokens, TotalTokens,
        FinishReason, NeedClearHistory, Flag, BanRound, IsTruncated, Flagged, TimeToFirstTokenMs, DurationMs, CompletedAt,
        ErrorCode, HttpMethod, Path, RecordPartitionKey, RecordRowKey,
    ];
}
