using System.Globalization;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary>Records as CSV (RFC 4180: fields with commas, quotes or line breaks quoted, quotes doubled).</summary>
public static class CsvExport
{
    private static readonly string[] s_columns =
    [
        "RequestId", "Time", "CompletedAt", "Caller", "CallerMethod", "CallerAppId", "CallerObjectId", "CallerTenantId", "Route", "Provider", "Model",
        "Target", "Stream", "Outcome", "Status", "PromptTokens", "CompletionTokens", "TotalTokens", "FinishReason", "RawFinishReason",
        "NeedClearHistory", "Flag", "BanRound", "IsTruncated", "PrefillTimeMs", "TimeToFirstTokenMs", "DurationMs", "UpstreamRequestId",
        "ErrorCode", "ErrorMessage", "UserAgent", "InvocationId", "HttpMethod", "Path", "ClientAddress", "BodyBytes", "KeyFingerprint",
        "PromptSentIsReceived", "PromptReceived", "PromptSent", "ResponseText",
    ];

    public static void WriteHeader(TextWriter output) => output.Write(string.Join(',', s_columns) + "\r\n");

    public static void WriteRecord(TextWriter output, AuditRecord r)
    {
        var s = r.Summary;
        object?[] values =
        [
            s.RequestId, s.Time, s.CompletedAt, s.Caller, r.CallerMethod, r.CallerAppId, r.CallerObjectId, r.CallerTenantId, s.Route, s.Provider, s.Model,
            r.Target, s.Stream, s.Outcome, s.Status, s.PromptTokens, s.CompletionTokens, s.TotalTokens, s.FinishReason, r.RawFinishReason,
            s.NeedClearHistory, s.Flag, s.BanRound, s.IsTruncated, r.PrefillTimeMs, s.TimeToFirstTokenMs, s.DurationMs, r.UpstreamRequestId,
            r.ErrorCode, r.ErrorMessage, r.UserAgent, r.InvocationId, s.HttpMethod, s.Path, r.ClientAddress, r.BodyBytes, r.KeyFingerprint,
            r.PromptSentIsReceived, r.PromptReceived, r.PromptSent, r.ResponseText,
        ];
        output.Write(string.Join(',', values.Select(Field)) + "\r\n");
    }

    internal static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset d => d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
