namespace Functions.Core.Audit;

/// <summary>What the audit records when a call ends, whatever the outcome.</summary>
public sealed record AuditCompletion
{
    /// <summary>The id given to <see cref="AuditStart.RequestId"/>.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the call ended.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>How it ended.</summary>
    public required CallOutcome Outcome { get; init; }

    /// <summary>The HTTP status returned to the client.</summary>
    public required int Status { get; init; }

    /// <summary>The answer's text, assembled from the stream or body (MindIE <c>full_text</c> when present). Never truncated.</summary>
    public string? ResponseText { get; init; }

    /// <summary>The finish reason mapped to OpenAI's values.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The finish reason as the provider said it.</summary>
    public string? RawFinishReason { get; init; }

    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    public int? TotalTokens { get; init; }

    /// <summary>Baidu's <c>need_clear_history</c> verdict.</summary>
    public bool? NeedClearHistory { get; init; }

    /// <summary>Baidu's <c>flag</c> (0 to 4); 1 or more marks the call as flagged.</summary>
    public int? Flag { get; init; }

    /// <summary>Baidu's <c>ban_round</c>.</summary>
    public int? BanRound { get; init; }

    /// <summary>Baidu's <c>is_truncated</c>.</summary>
    public bool? IsTruncated { get; init; }

    /// <summary>MindIE's <c>prefill_time</c>, in milliseconds.</summary>
    public double? PrefillTimeMs { get; init; }

    /// <summary>MindIE's decode times, summarized.</summary>
    public AuditDecodeStats? DecodeTimeStats { get; init; }

    /// <summary>Time from the request to the first token sent to the client.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>Time from the request to the end of the call.</summary>
    public required double DurationMs { get; init; }

    /// <summary>The provider's request id (for example Baidu's <c>id</c> or an <c>x-request-id</c> header).</summary>
    public string? UpstreamRequestId { get; init; }

    /// <summary>The error code returned to the client, if the call failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The error message returned to the client, if the call failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Whether a reviewer must look at the call: <c>need_clear_history</c> true or <c>flag</c> ≥ 1.</summary>
    public bool IsFlagged => NeedClearHistory == true || Flag >= 1;
}
