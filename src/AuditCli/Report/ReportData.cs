using System.Globalization;
using Functions.Core.Audit;
using Functions.Core.Audit.Seals;

namespace AuditCli.Report;

/// <summary>
/// What the report shows, computed from the range's calls: per period (day, or hour for a range of two days or less)
/// calls by model and by caller, tokens; outcomes; latency and time-to-first-token percentiles by model; the flagged
/// Baidu calls; the verify result. Everything is ordered so that the same records give the same report.
/// </summary>
public sealed class ReportData
{
    private ReportData(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<AuditSummary> calls, AuditVerification? verification, string? verifySkipped)
    {
        From = from;
        To = to;
        Calls = calls;
        Verification = verification;
        VerifySkipped = verifySkipped;
        ByHour = to - from <= TimeSpan.FromDays(2);
        Periods = calls.Where(c => c.Time is not null).Select(c => Period(c.Time!.Value)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    /// <summary>Every call of the range (records of rejected requests included).</summary>
    public IReadOnlyList<AuditSummary> Calls { get; }

    /// <summary>The verify result, or <c>null</c> when it could not run (<see cref="VerifySkipped"/> says why).</summary>
    public AuditVerification? Verification { get; }

    public string? VerifySkipped { get; }

    /// <summary>Whether periods are hours (a range of two days or less) rather than days.</summary>
    public bool ByHour { get; }

    /// <summary>The periods that have calls, in order.</summary>
    public IReadOnlyList<string> Periods { get; }

    public static ReportData Create(DateTimeOffset from, DateTimeOffset to, IEnumerable<AuditSummary> calls, AuditVerification? verification, string? verifySkipped) =>
        new(from, to, [.. calls.OrderBy(c => c.Time).ThenBy(c => c.RequestId, StringComparer.Ordinal)], verification, verifySkipped);

    /// <summary>The period a time falls in, as the charts label it.</summary>
    public string Period(DateTimeOffset time) =>
        time.UtcDateTime.ToString(ByHour ? "yyyy-MM-dd HH':00'" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Calls that went to a provider (not requests refused before routing).</summary>
    public IEnumerable<AuditSummary> ProviderCalls => Calls.Where(c => c.Model is not null);

    /// <summary>Counts per period of the calls grouped by <paramref name="group"/>, groups ordered by their total (largest first).</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<double> Values)> PerPeriod(IEnumerable<AuditSummary> calls, Func<AuditSummary, string> group, Func<AuditSummary, double>? value = null)
    {
        value ??= _ => 1;
        var list = calls.Where(c => c.Time is not null).ToList();
        return list.GroupBy(group, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Values: (IReadOnlyList<double>)Periods.Select(p => g.Where(c => Period(c.Time!.Value) == p).Sum(value)).ToList()))
            .OrderByDescending(s => s.Values.Sum()).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>How many calls ended each way (<c>open</c>: not completed), largest first.</summary>
    public IReadOnlyList<(string Outcome, int Count)> Outcomes =>
        [.. Calls.GroupBy(c => c.Outcome ?? "open", StringComparer.Ordinal).Select(g => (g.Key, g.Count())).OrderByDescending(p => p.Item2).ThenBy(p => p.Key, StringComparer.Ordinal)];

    /// <summary>Percentiles 50, 90 and 99 of a measure, per model, over the calls that have it.</summary>
    public IReadOnlyList<(string Model, int Count, double P50, double P90, double P99)> Percentiles(Func<AuditSummary, double?> measure) =>
        [.. ProviderCalls.Where(c => measure(c) is not null).GroupBy(c => c.Model!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var values = g.Select(c => measure(c)!.Value).Order().ToList();
                return (g.Key, values.Count, Rank(values, 0.50), Rank(values, 0.90), Rank(values, 0.99));
            })];

    /// <summary>Flagged calls (Baidu's <c>need_clear_history</c> or <c>flag</c> ≥ 1), newest first.</summary>
    public IReadOnlyList<AuditSummary> Flagged => [.. Calls.Where(c => c.Flagged).OrderByDescending(c => c.Time).ThenBy(c => c.RequestId, StringComparer.Ordinal)];

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Rank(IReadOnlyList<double> sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
