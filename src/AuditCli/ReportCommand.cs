using System.CommandLine;
using System.Text;
using AuditCli.Report;
using Functions.Core.Audit;
using Functions.Core.Audit.Seals;

namespace AuditCli;

/// <summary>
/// <c>audit report --from --to --output report.html</c>: one self-contained HTML file with the range's charts (calls per
/// period by model and by caller, outcomes, tokens, duration and time-to-first-token percentiles), the flagged Baidu
/// calls with the <c>show</c> command for each, and the verify result of the range.
/// </summary>
public static class ReportCommand
{
    public static Command Create(AuditConnectionOptions connection, TimeProvider time)
    {
        var range = new AuditRangeOptions();
        var output = new Option<FileInfo>("--output") { Description = "The HTML file to write.", Required = true };
        var command = new Command("report", "Write a self-contained HTML report of a range: charts, flagged Baidu calls, the verify result.");
        range.AddTo(command);
        command.Options.Add(output);
        command.SetAction((parseResult, cancellationToken) => AuditCommandLine.GuardAsync(parseResult, async () =>
        {
            var (from, to) = range.Range(parseResult, time.GetUtcNow());
            var tables = connection.CreateTables(parseResult);
            var error = parseResult.InvocationConfiguration.Error;
            var calls = await new AuditReader(tables).QueryAsync(new AuditQuery { From = from, To = to }, cancellationToken).ToListAsync(cancellationToken);
            error.WriteLine($"report: {calls.Count} records read; verifying…");
            var keys = await connection.LoadKeysAsync(parseResult, cancellationToken);
            var verification = keys.Count == 0 ? null : await new AuditVerifier(tables, keys, time).VerifyAsync(from, to, new LineProgress(error), cancellationToken);
            var data = ReportData.Create(from, to, calls, verification, verification is null ? "no seal key was given (the secret audit-seal-key)" : null);
            var file = parseResult.GetValue(output)!;
            await File.WriteAllTextAsync(file.FullName, ReportHtml.Render(data, time.GetUtcNow(), AuditStoreName.Describe(tables)), new UTF8Encoding(false), cancellationToken);
            parseResult.InvocationConfiguration.Output.WriteLine(
                $"report: {file.FullName}: {calls.Count} records, {data.Flagged.Count} flagged; verify: {(verification is null ? "not run (no seal key)" : verification.Intact ? "INTACT" : "NOT INTACT")}");
            return 0;
        }));
        return command;
    }
}
