using System.Text;

namespace Reliability.Runner;

public sealed partial class ResultsReport
{
    private void RenderUntrusted(StringBuilder md)
    {
        if (Untrusted is not { } untrusted) return;
        md.AppendLine("## Untrusted input").AppendLine();
        md.AppendLine("One facade whose Lanrui and MindIE providers are an upstream of the harness's own on a raw socket (it echoes the prompt as the emulators do, and can send bytes that are not UTF-8 or answer with a formula); Baidu is the emulator.").AppendLine();
        md.AppendLine("### Terminal and spreadsheet injection").AppendLine();
        md.AppendLine("Calls whose stored fields carry ESC sequences (clear screen and scrollback, OSC 0 title, OSC 52 clipboard), a C1 CSI (U+009B), bidi controls (U+202E, U+2066), a zero-width space, a raw CR and formula starts (`=HYPERLINK(…)`, `+`, `-`, `@`): " +
            $"then `audit show` for each of their records and of the forged invocation ids ({untrusted.Shown} shown), `audit query` over the phase and `audit export --format csv` ({untrusted.ExportedRecords} records), their standard output scanned byte for byte. " +
            "Allowed in terminal output: newline and tab; every other C0 control, DEL, C1, bidi and zero-width character must be escaped. A CSV cell (quoted or not) must not begin with `=`, `+`, `-`, `@`, tab or CR unless prefixed with `'`.").AppendLine();
        md.AppendLine("| Call | Client saw | Audit |").AppendLine("|---|---|---|");
        foreach (var row in untrusted.DisplayRows) md.AppendLine($"| {Cell(row.Fault)} | {Cell(row.Client)} | {Cell(row.Audit)} |");
        md.AppendLine();
        md.AppendLine($"Unescaped in `show` and `query` output: **{DisplayScan.Describe(untrusted.TerminalFindings)}**. Formula cells in the CSV export: **{untrusted.FormulaCells.Count}**.").AppendLine();
        foreach (var group in untrusted.FormulaCells.GroupBy(c => c.Column))
        {
            var example = group.First().Cell;
            md.AppendLine($"- `{group.Key}` ×{group.Count()}, e.g. `{Cell(DisplayScan.Visible(example.Length > 120 ? example[..120] + "…" : example))}`");
        }
        foreach (var problem in untrusted.ToolProblems.Take(10)) md.AppendLine($"- audit tool: {Cell(DisplayScan.Visible(problem))}");
        md.AppendLine();
        md.AppendLine("### Forged invocation id").AppendLine();
        md.AppendLine("A client of the Kestrel host sends `x-ms-invocation-id` or `X-Azure-Functions-InvocationId` of 16–30 KB with control characters: no property of the call's audit rows may hold it.").AppendLine();
        Table(md, untrusted.InvocationRows);
        md.AppendLine("### Invalid UTF-8 from an upstream").AppendLine();
        md.AppendLine("The upstream sends `C3 28` in the whole answer, in a stream's first event, or in its third: before the first byte a 502, after it the route's error form and no clean end, one record never `completed`; never a 500.").AppendLine();
        Table(md, untrusted.Utf8Rows);
        md.AppendLine("### Overflowing chunk sizes").AppendLine();
        md.AppendLine("A chunked request whose chunk size overflows (`7FFFFFFFFFFFFFFF`, 20 hex digits): a 400 with a record, nothing forwarded.").AppendLine();
        Table(md, untrusted.ChunkRows);
        md.AppendLine("### Case-variant member names").AppendLine();
        md.AppendLine("`Model`, `Messages`, `Stream`, `Content` beside or instead of the real names: refused with 400, and no provider receives the call (counted by marker at the emulators and the harness's upstream).").AppendLine();
        Table(md, untrusted.CaseRows);
    }
}
