using System.Globalization;
using Functions.Core.Audit;
using Functions.Core.Diagnostics;

namespace AuditCli;

/// <summary>
/// Writes call summaries as a plain-text table with aligned columns: route (<c>unified</c> or <c>native</c>, the
/// pass-through routes) and stream beside provider and model; Baidu's verdicts as <see cref="BaiduVerdicts"/> reads
/// them (<c>-</c> for other providers). Stored text is shown as <see cref="SafeText.Line"/> writes it.
/// </summary>
public static class SummaryTable
{
    private static readonly string[] s_headers =
        ["Time (UTC)", "Request id", "Caller", "Route", "Stream", "Provider", "Model", "Outcome", "Status", "Tokens p/c/t", "Flag", "Clear", "TTFT ms", "Duration ms"];

    public static void Write(TextWriter output, IReadOnlyList<AuditSummary> summaries)
    {
        var rows = summaries.Select(Cells).ToList();
        var widths = s_headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        WriteRow(output, s_headers, widths);
        WriteRow(output, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static string[] Cells(AuditSummary s) =>
    [
        s.Time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
        SafeText.Line(s.RequestId),
        SafeText.Line(s.Caller),
        SafeText.Line(s.Route),
        s.Stream is { } stream ? (stream ? "yes" : "no") : "",
        SafeText.Line(s.Provider),
        SafeText.Line(s.Model),
        s.Outcome is null ? "(open)" : SafeText.Line(s.Outcome),
        Number(s.Status),
        s.TotalTokens is null ? "" : $"{Number(s.PromptTokens)}/{Number(s.CompletionTokens)}/{Number(s.TotalTokens)}",
        BaiduVerdicts.Flag(s) is { } flag ? Number(flag) : "-",
        BaiduVerdicts.NeedClearHistory(s) is { } clear ? (clear ? "yes" : "no") : "-",
        s.TimeToFirstTokenMs?.ToString("F0", CultureInfo.InvariantCulture) ?? "",
        s.DurationMs?.ToString("F0", CultureInfo.InvariantCulture) ?? "",
    ];

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static void WriteRow(TextWriter output, string[] cells, int[] widths) =>
        output.WriteLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
}
