using System.Globalization;
using System.Text;
using Functions.Core.Audit;
using Functions.Core.Audit.Seals;
using static AuditCli.Report.SvgChart;

namespace AuditCli.Report;

/// <summary>
/// The report as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched, so it opens offline
/// and can be archived or mailed as it is. Sections have stable ids (<c>summary</c>, <c>verify</c>,
/// <c>calls-by-model</c>, <c>calls-by-caller</c>, <c>outcomes</c>, <c>tokens</c>, <c>latency</c>, <c>ttft</c>,
/// <c>flagged</c>).
/// </summary>
public static class ReportHtml
{
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;color:#1b1f24;margin:0;background:#f4f5f7}
        main{max-width:1320px;margin:0 auto;padding:24px 28px 40px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:0 0 10px}
        .sub{color:#57606a;margin:0 0 18px}
        .cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}
        .card{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:10px 16px;min-width:140px}
        .card b{display:block;font-size:22px}.card span{color:#57606a;font-size:12px}
        .ok{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(630px,1fr));gap:14px}
        section{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:14px 16px;margin-bottom:14px}
        table{border-collapse:collapse;width:100%;font-size:12.5px}
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
        th{background:#f6f8fa;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px;white-space:nowrap}
        td.t{white-space:nowrap}
        svg text{font:11px system-ui,sans-serif;fill:#333}svg .xl{text-anchor:start}svg .xc{text-anchor:middle}
        svg .yl{text-anchor:end}svg .vl{text-anchor:start}svg .yt{text-anchor:middle;fill:#57606a}
        svg .grid{stroke:#eaeef2}svg .axis{stroke:#8c959f}
        .verdict{font-weight:700;font-size:16px}
        footer{color:#57606a;font-size:12px;margin-top:18px}
        """;

    /// <summary>
    /// Renders the report; <paramref name="generatedAt"/> and <paramref name="store"/> (the table and where it is, as
    /// <see cref="AuditStoreName"/> names it) only appear in its header.
    /// </summary>
    public static string Render(ReportData data, DateTimeOffset generatedAt, string store)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"generator\" content=\"audit report\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>Audit report {Esc(Day(data.From))} – {Esc(Day(data.To))}</title><style>{Style}</style></head><body><main>\n");
        html.Append("<h1>LLM facade · audit report</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"sub\">Calls from {Esc(VerificationText.Time(data.From))} to {Esc(VerificationText.Time(data.To))} (UTC) from <span id=\"store\">{Esc(store)}</span> · generated {Esc(VerificationText.Time(generatedAt))} · periods are {(data.ByHour ? "hours" : "days")}</p>\n");
        Summary(html, data);
        Verify(html, data);
        html.Append("<div class=\"grid\">\n");
        var calls = data.ProviderCalls.ToList();
        Chart(html, "calls-by-model", "Calls by model", Stacked("chart-calls-by-model", Labels(data), data.PerPeriod(calls, c => c.Model!), "calls"));
        Chart(html, "calls-by-caller", "Calls by caller", Stacked("chart-calls-by-caller", Labels(data), data.PerPeriod(data.Calls, c => c.Caller ?? "(unknown caller)"), "calls"));
        Chart(html, "outcomes", "Outcomes (every record, rejected requests included)",
            Horizontal("chart-outcomes", [.. data.Outcomes.Select(o => (o.Outcome, (double)o.Count))], OutcomeColor) + OutcomesByModel(data));
        Chart(html, "tokens", "Tokens", Stacked("chart-tokens", Labels(data),
            [("prompt", data.PerPeriod(calls, _ => "all", c => c.PromptTokens ?? 0).FirstOrDefault().Values ?? Zeros(data)),
             ("completion", data.PerPeriod(calls, _ => "all", c => c.CompletionTokens ?? 0).FirstOrDefault().Values ?? Zeros(data))], "tokens"));
        Percentiles(html, "latency", "Duration by model (ms; completed calls)", data.Percentiles(c => c.Outcome == "completed" ? c.DurationMs : null));
        Percentiles(html, "ttft", "Time to first token by model (ms)", data.Percentiles(c => c.TimeToFirstTokenMs));
        html.Append("</div>\n");
        Flagged(html, data);
        html.Append("<footer>Made by <code>audit report</code> from the audit table: one self-contained file (inline SVG, no script, nothing fetched). Hover a bar for its value.</footer>\n");
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, ReportData data)
    {
        var calls = data.ProviderCalls.ToList();
        var verdict = data.Verification is { } v ? (v.Intact ? ("INTACT", "ok") : ("NOT INTACT", "bad")) : ("not verified", "warn");
        html.Append("<div class=\"cards\" id=\"summary\">");
        Card(html, N(calls.Count), "calls to providers");
        Card(html, N(data.Calls.Count - calls.Count), "requests refused before routing");
        Card(html, N(calls.Count(c => c.Outcome is not null and not "completed")), "calls that failed");
        Card(html, N(calls.Count(c => c.Stream == true)), "streamed calls");
        Card(html, N(data.Flagged.Count), "flagged Baidu calls");
        Card(html, N(calls.Sum(c => (long)(c.TotalTokens ?? 0))), "tokens");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><b class=\"{verdict.Item2}\">{verdict.Item1}</b><span>seals and chains</span></div>");
        html.Append("</div>\n");
    }

    private static void Verify(StringBuilder html, ReportData data)
    {
        html.Append("<section id=\"verify\"><h2>Verify: seals and chains of the range</h2>");
        if (data.Verification is not { } v)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"verdict warn\">Not verified: {Esc(data.VerifySkipped ?? "")}</p></section>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"verdict {(v.Intact ? "ok" : "bad")}\">{(v.Intact ? "INTACT" : "NOT INTACT")}</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{Esc(VerificationText.Summary(v, timing: false))}</p>");
        foreach (var purge in v.Purges)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Purged: every day before {purge.Before:yyyy-MM-dd} ({N(purge.Records)} records) by {Esc(purge.By)} at {Esc(VerificationText.Time(purge.At))}.</p>");
        }

        if (v.Findings.Count > 0)
        {
            html.Append("<table><tr><th>Finding</th><th>Time (UTC)</th><th>Request id</th><th>What</th><th>Look at it</th></tr>");
            foreach (var f in v.Findings.Take(500))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"bad\">{VerificationText.Kind(f.Kind)}</td><td class=\"t\">{Esc(VerificationText.Time(f.Time))}</td><td><code>{Esc(f.RequestId ?? "-")}</code></td><td>{Esc(f.Detail)}</td><td>{(f.RequestId is null || f.Kind == AuditVerifyFindingKind.Gap ? "" : $"<code>audit show {Esc(f.RequestId)}</code>")}</td></tr>");
            }

            html.Append("</table>");
            if (v.Findings.Count > 500)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>… and {N(v.Findings.Count - 500)} more: run <code>audit verify</code> for all of them.</p>");
            }
        }

        html.Append("</section>\n");
    }

    private static void Percentiles(StringBuilder html, string id, string title, IReadOnlyList<(string Model, int Count, double P50, double P90, double P99)> rows)
    {
        var models = rows.Select(r => r.Model).ToList();
        var chart = Grouped($"chart-{id}", models, [("p50", rows.Select(r => r.P50).ToList()), ("p90", rows.Select(r => r.P90).ToList()), ("p99", rows.Select(r => r.P99).ToList())], "ms");
        var table = new StringBuilder("<table><tr><th>Model</th><th class=\"n\">Calls</th><th class=\"n\">p50</th><th class=\"n\">p90</th><th class=\"n\">p99</th></tr>");
        foreach (var r in rows)
        {
            table.Append(CultureInfo.InvariantCulture, $"<tr><td>{Esc(r.Model)}</td><td class=\"n\">{N(r.Count)}</td><td class=\"n\">{Ms(r.P50)}</td><td class=\"n\">{Ms(r.P90)}</td><td class=\"n\">{Ms(r.P99)}</td></tr>");
        }

        Chart(html, id, title, chart + table.Append("</table>"));
    }

    /// <summary>A table of outcomes per model (requests refused before routing have no model).</summary>
    private static string OutcomesByModel(ReportData data)
    {
        var outcomes = data.Outcomes.Select(o => o.Outcome).ToList();
        var table = new StringBuilder("<table><tr><th>Model</th>");
        foreach (var outcome in outcomes)
        {
            table.Append(CultureInfo.InvariantCulture, $"<th class=\"n\">{Esc(outcome)}</th>");
        }

        table.Append("</tr>");
        foreach (var model in data.Calls.GroupBy(c => c.Model ?? "(refused before routing)", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            table.Append(CultureInfo.InvariantCulture, $"<tr><td>{Esc(model.Key)}</td>");
            foreach (var outcome in outcomes)
            {
                table.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{N(model.Count(c => (c.Outcome ?? "open") == outcome))}</td>");
            }

            table.Append("</tr>");
        }

        return table.Append("</table>").ToString();
    }

    private static void Flagged(StringBuilder html, ReportData data)
    {
        var flagged = data.Flagged;
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"flagged\"><h2>Flagged Baidu calls ({N(flagged.Count)})</h2>");
        if (flagged.Count == 0)
        {
            html.Append("<p>None: no call in the range had <code>need_clear_history</code> or a <code>flag</code> of 1 or more.</p></section>\n");
            return;
        }

        html.Append("<table><tr><th>Time (UTC)</th><th>Request id</th><th>Caller</th><th>Model</th><th>Route</th><th class=\"n\">Flag</th><th>Clear history</th><th class=\"n\">Ban round</th><th>Outcome</th><th>Whole record</th></tr>");
        foreach (var c in flagged)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"t\">{Esc(VerificationText.Time(c.Time))}</td><td><code>{Esc(c.RequestId)}</code></td><td>{Esc(c.Caller ?? "")}</td><td>{Esc(c.Model ?? "")}</td><td>{Esc(c.Route ?? "")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{BaiduVerdicts.Flag(c)?.ToString(CultureInfo.InvariantCulture) ?? "-"}</td><td>{(BaiduVerdicts.NeedClearHistory(c) == true ? "yes" : "no")}</td><td class=\"n\">{c.BanRound?.ToString(CultureInfo.InvariantCulture) ?? ""}</td><td>{Esc(c.Outcome ?? "open")}</td><td><code>audit show {Esc(c.RequestId)}</code></td></tr>");
        }

        html.Append("</table></section>\n");
    }

    private static void Chart(StringBuilder html, string id, string title, string body) =>
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"{id}\"><h2>{Esc(title)}</h2>{body}</section>\n");

    private static void Card(StringBuilder html, string value, string label) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><b>{value}</b><span>{Esc(label)}</span></div>");

    private static IReadOnlyList<string> Labels(ReportData data) => [.. data.Periods.Select(p => data.ByHour ? p[5..] : p)];

    private static IReadOnlyList<double> Zeros(ReportData data) => [.. data.Periods.Select(_ => 0d)];

    private static string OutcomeColor(string outcome) => outcome switch
    {
        "completed" => "#009E73",
        "rejected" => "#999999",
        "client_aborted" => "#E69F00",
        "open" => "#56B4E9",
        _ => "#D55E00",
    };

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => Math.Round(value, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture);
}
