using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Reliability.Runner;

/// <summary>Writes RESULTS.md from what the phases measured: nothing in it is typed by hand.</summary>
public sealed partial class ResultsReport(RunOptions options, DateTimeOffset started)
{
    private readonly string _loadAtStart = Read("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b);

    public FuzzPhase? Fuzz { get; set; }
    public UntrustedPhase? Untrusted { get; set; }
    public FaultMatrix? Faults { get; set; }
    public DisconnectStorm? Storm { get; set; }
    public SoakPhase? Soak { get; set; }
    public CanarySearch? Canaries { get; set; }
    public TimeSpan Elapsed { get; set; }

    private int FacadeFiveXx => Fuzz?.Findings.Where(f => f.Kind == "facade 5xx").Sum(f => f.Count) ?? 0;

    public bool Pass => Checks().All(c => c.Pass);

    private List<(string Check, string Result, bool Pass)> Checks()
    {
        var checks = new List<(string, string, bool)>();
        if (Fuzz is { } fuzz)
        {
            checks.Add(("Fuzzer: no facade 5xx", $"{FacadeFiveXx:N0} 5xx in {fuzz.Exchanges.Count:N0} requests", FacadeFiveXx == 0 && fuzz.Exchanges.Count >= options.FuzzCases));
            foreach (var (kind, check) in new[]
            {
                ("duplicate key forwarded to the provider (prompt smuggling)", "no duplicated member name reaches a provider"),
                ("text that is not valid Unicode reached the provider", "no invalid Unicode reaches a provider"),
                ("text that is not valid Unicode accepted", "invalid Unicode refused"),
                ("provider's 5xx passed through (it failed on the forwarded body)", "no provider fails on a forwarded body"),
                ("app error without a JSON error body", "every app error has the JSON envelope"),
                ("no HTTP answer", "every well-formed request answered"),
                ("log forging (caller CR/LF starts a log line)", "no caller CR/LF starts a log line"),
            })
            {
                var count = fuzz.Findings.Where(f => f.Kind == kind).Sum(f => f.Count);
                checks.Add(($"Fuzzer: {check}", $"{count:N0}", count == 0));
            }
            checks.Add(("Fuzzer: every 2xx chat call audited once", $"{fuzz.AuditedOk:N0} audited, {fuzz.AuditMissing:N0} missing", fuzz.AuditMissing == 0));
        }
        if (Untrusted is { } untrusted)
        {
            var tool = untrusted.ToolProblems.Count > 0 ? $"; audit tool failed {untrusted.ToolProblems.Count}×" : "";
            checks.Add(("Untrusted text: `audit show`/`query` escape control, bidi and zero-width characters",
                $"unescaped in {untrusted.Shown} `show` outputs and `query`: {DisplayScan.Describe(untrusted.TerminalFindings)}{tool}", untrusted.DisplayPass));
            checks.Add(("Untrusted text: `audit export --format csv` neutralises formula cells",
                $"{untrusted.FormulaCells.Count} formula cells in {untrusted.ExportedRecords} records" + (untrusted.FormulaCells.Count > 0 ? " (" + string.Join(", ", untrusted.FormulaCells.GroupBy(c => c.Column).Select(g => $"{g.Key} {g.Count()}")) + ")" : "") + tool, untrusted.CsvPass));
            foreach (var (check, rows) in new[]
            {
                ("Forged invocation id not recorded", untrusted.InvocationRows),
                ("Invalid UTF-8 from an upstream: 502 or the error form, never completed", untrusted.Utf8Rows),
                ("Overflowing chunk sizes: 400 with a record", untrusted.ChunkRows),
                ("Case-variant member names refused, nothing forwarded", untrusted.CaseRows),
            })
                checks.Add((check, $"{rows.Count(r => r.Pass)} of {rows.Count} calls pass", rows.Count > 0 && rows.All(r => r.Pass)));
        }
        if (Faults is { } faults)
        {
            checks.Add(("Fault matrix", $"{faults.Rows.Count(r => r.Pass)} of {faults.Rows.Count} rows pass", faults.Rows.All(r => r.Pass)));
            checks.Add(("Audit store outages", $"{faults.OutageRows.Count(r => r.Pass)} of {faults.OutageRows.Count} calls pass", faults.OutageRows.All(r => r.Pass)));
            checks.Add(("Key Vault down", $"{faults.VaultRows.Count(r => r.Pass)} of {faults.VaultRows.Count} rows pass", faults.VaultRows.All(r => r.Pass)));
        }
        if (Storm is { } storm) checks.Add(("Disconnect storm", $"{storm.Calls} calls: {storm.Lost} lost, {storm.Duplicates} duplicated, {storm.OtherOutcome} other outcomes", storm.Pass));
        if (Soak is { } soak) checks.Add(("Soak reconciliation", $"{soak.Sent:N0} sent, {soak.CompleteRecords:N0} complete records, {soak.LostOutcomes} lost, {soak.Duplicates} duplicated", soak.Pass));
        if (Canaries is { } canaries) checks.Add(("Canary secrets nowhere", $"{canaries.Hits.Sum(h => h.Count)} hits of {canaries.CanaryCount} canaries", canaries.Pass));
        return checks;
    }

    public string Render(string repo)
    {
        var md = new StringBuilder();
        md.AppendLine("# Reliability and security results").AppendLine();
        md.AppendLine("Written by `reliability/run.sh` " + (options.Ci ? "`--ci`" : "") + " — do not edit by hand; run it again. What each check does: [README.md](README.md).").AppendLine();
        md.AppendLine("| | |").AppendLine("|---|---|");
        md.AppendLine($"| Date | {started:yyyy-MM-dd HH:mm} UTC, {Elapsed.TotalMinutes:F1} min |");
        md.AppendLine($"| Machine | {Environment.ProcessorCount} cores ({Cpu()}), {Memory()}, load average at start {_loadAtStart} |");
        md.AppendLine($"| Commit | {Git(repo, "rev-parse --short HEAD")} {Git(repo, "log -1 --format=%s").Replace("|", "\\|", StringComparison.Ordinal)}{(Git(repo, "status --porcelain --untracked-files=no -- . :!reliability/RESULTS.md :!reliability/findings").Length > 0 ? " (with uncommitted changes)" : "")} |");
        md.AppendLine($"| Run | {options.Describe()} |");
        md.AppendLine($"| .NET | {Environment.Version} |").AppendLine();
        md.AppendLine("## Summary").AppendLine().AppendLine("| Check | Result | |").AppendLine("|---|---|---|");
        foreach (var (check, result, pass) in Checks()) md.AppendLine($"| {check} | {result} | {(pass ? "pass" : "**FAIL**")} |");
        md.AppendLine();
        RenderFuzz(md);
        RenderUntrusted(md);
        RenderFaults(md);
        RenderStorm(md);
        RenderSoak(md);
        RenderCanaries(md);
        return md.ToString();
    }

    internal static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", "␍", StringComparison.Ordinal);

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static string Cpu() => Read("/proc/cpuinfo").Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static string Memory()
    {
        var line = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
        return line is null ? "unknown memory" : $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024} GiB";
    }

    private static string Git(string repo, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", arguments) { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
