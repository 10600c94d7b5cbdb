using System.CommandLine;
using System.Globalization;
using Functions.Core.Audit.Retention;
using Functions.Core.Diagnostics;

namespace AuditCli;

/// <summary>
/// <c>audit purge --before DATE [--by NAME] [--dry-run]</c>: deletes every UTC day before DATE and writes a sealed
/// purge entry that <c>verify</c> honours. For a retention of N years, run it daily with DATE = today minus N years.
/// </summary>
public static class PurgeCommand
{
    public static Command Create(AuditConnectionOptions connection, TimeProvider time)
    {
        var before = new Option<DateOnly>("--before") { Description = "Delete every day before this one (yyyy-MM-dd, UTC); at most today.", Required = true };
        var by = new Option<string?>("--by") { Description = "Who purges (recorded in the purge entry; default: user@machine)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be deleted; delete and record nothing." };
        var command = new Command("purge", "Delete whole days before a date (retention) and record the purge, sealed, for verify.");
        command.Options.Add(before);
        command.Options.Add(by);
        command.Options.Add(dryRun);
        command.SetAction((parseResult, cancellationToken) => AuditCommandLine.GuardAsync(parseResult, async () =>
        {
            var keys = await connection.LoadKeysAsync(parseResult, cancellationToken);
            var purge = new AuditPurge(connection.CreateTables(parseResult), keys, time);
            var who = parseResult.GetValue(by) ?? $"{Environment.UserName}@{Environment.MachineName}";
            var error = parseResult.InvocationConfiguration.Error;
            var dry = parseResult.GetValue(dryRun);
            var entry = await purge.PurgeAsync(parseResult.GetValue(before), who, dry, new LineProgress(error), cancellationToken);
            var days = entry.FirstDay is { } first ? $"{first:yyyy-MM-dd} .. {entry.LastDay:yyyy-MM-dd}" : "no day had rows";
            parseResult.InvocationConfiguration.Output.WriteLine(dry
                ? $"purge (dry run): would delete {entry.Days} days ({days}), {entry.Records:N0} records, {entry.Rows:N0} rows before {entry.Before:yyyy-MM-dd}."
                : $"purge #{entry.Seq.ToString(CultureInfo.InvariantCulture)}: deleted {entry.Days} days ({days}), {entry.Records:N0} records, {entry.Rows:N0} rows before {entry.Before:yyyy-MM-dd}; recorded, sealed, by {SafeText.Line(entry.By)} at {VerificationText.Time(entry.At)}.");
            return 0;
        }));
        return command;
    }
}
