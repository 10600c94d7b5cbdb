using System.Globalization;
using Functions.Core.Audit.Retention;
using Functions.Core.Audit.Seals;
using Functions.Core.Diagnostics;

namespace AuditCli;

/// <summary>
/// How <c>verify</c> (and the report) words a verification: one line per finding, one summary line. Stored text (request
/// ids, details, who purged) is shown as <see cref="SafeText.Line"/> writes it.
/// </summary>
public static class VerificationText
{
    /// <summary>A time as every command of the tool writes it: ISO 8601, UTC, milliseconds.</summary>
    public static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The kind as the output names it.</summary>
    public static string Kind(AuditVerifyFindingKind kind) => kind switch
    {
        AuditVerifyFindingKind.Changed => "CHANGED",
        AuditVerifyFindingKind.Forged => "FORGED",
        AuditVerifyFindingKind.Gap => "GAP",
        _ => "INCOMPLETE",
    };

    /// <summary>One finding: kind, time, request id, what.</summary>
    public static string Line(AuditVerifyFinding finding) =>
        $"{Kind(finding.Kind),-10}  {Time(finding.Time),-24}  {(finding.RequestId is null ? "-" : SafeText.Line(finding.RequestId))}  {SafeText.Line(finding.Detail)}";

    /// <summary>One purge entry that <c>verify</c> honoured.</summary>
    public static string Purge(AuditPurgeEntry purge) =>
        $"PURGED      days before {purge.Before:yyyy-MM-dd} ({purge.Records:N0} records) by {SafeText.Line(purge.By)} at {Time(purge.At)}";

    /// <summary>The summary line, with counts (and, unless <paramref name="timing"/> is false, how long it took); ends in INTACT or NOT INTACT.</summary>
    public static string Summary(AuditVerification v, bool timing = true)
    {
        static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var rate = v.Elapsed.TotalSeconds > 0 ? v.Records / v.Elapsed.TotalSeconds : 0;
        var notes = new List<string> { $"{N(v.Open)} still open" };
        if (v.DeclaredLost > 0)
        {
            notes.Add($"{N(v.DeclaredLost)} links declared lost by their writer");
        }

        if (v.Purged > 0 || v.Purges.Count > 0)
        {
            notes.Add($"{N(v.Purged)} links in purged days, {v.Purges.Count} purge entries");
        }

        return $"verify {Time(v.From)} .. {Time(v.To)}: {N(v.Records)} records, {N(v.ContinuationRows)} continuation rows, {N(v.Summaries)} rejection summaries, "
            + $"{v.Chains} chains; {v.CountOf(AuditVerifyFindingKind.Changed)} changed, {v.CountOf(AuditVerifyFindingKind.Gap)} gaps, "
            + $"{v.CountOf(AuditVerifyFindingKind.Forged)} forged, {v.CountOf(AuditVerifyFindingKind.Incomplete)} incomplete ({string.Join(", ", notes)}); "
            + (timing ? $"{v.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s, {N((long)rate)} records/s: " : "") + (v.Intact ? "INTACT" : "NOT INTACT");
    }
}
