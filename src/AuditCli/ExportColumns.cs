using System.Globalization;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary>
/// The fields of an exported record, in order: the same for CSV and JSON Lines. Times are ISO 8601 in UTC with
/// seven fractional digits (<c>2025-01-31T08:00:00.1234567Z</c>) in both; storage keys are not exported; Baidu's
/// verdicts read as <see cref="BaiduVerdicts"/> reads them.
/// </summary>
public static class ExportColumns
{
    /// <summary>Each column's name and how to read it from a record.</summary>
    public static IReadOnlyList<(string Name, Func<AuditRecord, object?> Value)> All { get; } =
    [
        ("RequestId", r => r.Summary.RequestId),
        ("Time", r => r.Summary.Time),
        ("CompletedAt", r => r.Summary.CompletedAt),
        ("Caller", r => r.Summary.Caller),
        ("CallerMethod", r => r.CallerMethod),
        ("CallerAppId", r => r.CallerAppId),
        ("CallerObjectId", r => r.CallerObjectId),
        ("CallerTenantId", r => r.CallerTenantId),
        ("Route", r => r.Summary.Route),
        ("Provider", r => r.Summary.Provider),
        ("Model", r => r.Summary.Model),
        ("Target", r => r.Target),
        ("Stream", r => r.Summary.Stream),
        ("Outcome", r => r.Summary.Outcome),
        ("Status", r => r.Summary.Status),
        ("PromptTokens", r => r.Summary.PromptTokens),
        ("CompletionTokens", r => r.Summary.CompletionTokens),
        ("TotalTokens", r => r.Summary.TotalTokens),
        ("FinishReason", r => r.Summary.FinishReason),
        ("RawFinishReason", r => r.RawFinishReason),
        ("NeedClearHistory", r => BaiduVerdicts.NeedClearHistory(r.Summary)),
        ("Flag", r => BaiduVerdicts.Flag(r.Summary)),
        ("BanRound", r => r.Summary.BanRound),
        ("IsTruncated", r => r.Summary.IsTruncated),
        ("Flagged", r => r.Summary.Flagged),
        ("PrefillTimeMs", r => r.PrefillTimeMs),
        ("TimeToFirstTokenMs", r => r.Summary.TimeToFirstTokenMs),
        ("DurationMs", r => r.Summary.DurationMs),
        ("UpstreamRequestId", r => r.UpstreamRequestId),
        ("ErrorCode", r => r.ErrorCode),
        ("ErrorMessage", r => r.ErrorMessage),
        ("UserAgent", r => r.UserAgent),
        ("InvocationId", r => r.InvocationId),
        ("HttpMethod", r => r.Summary.HttpMethod),
        ("Path", r => r.Summary.Path),
        ("ClientAddress", r => r.ClientAddress),
        ("BodyBytes", r => r.BodyBytes),
        ("KeyFingerprint", r => r.KeyFingerprint),
        ("PromptSentIsReceived", r => r.PromptSentIsReceived),
        ("PromptReceived", r => r.PromptReceived),
        ("PromptSent", r => r.PromptSent),
        ("ResponseText", r => r.ResponseText),
    ];

    /// <summary>A time as both exports write it.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
