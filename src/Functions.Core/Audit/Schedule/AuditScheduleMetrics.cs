using System.Diagnostics;
using System.Diagnostics.Metrics;
using Functions.Core.Audit.Retention;
using Functions.Core.Audit.Seals;

namespace Functions.Core.Audit.Schedule;

/// <summary>
/// The scheduled jobs' instruments on the facade's meter (<see cref="FacadeTelemetry.Name"/>): what each daily verify
/// checked and found, what each purge deleted, and how each run ended. The verify alert watches
/// <c>llm_facade.audit.verify.problems</c> and failed runs (docs/deploy.md, "Alerts").
/// </summary>
public sealed class AuditScheduleMetrics
{
    private static readonly AuditVerifyFindingKind[] s_kinds = Enum.GetValues<AuditVerifyFindingKind>();
    private readonly Counter<long> _verifyRuns;
    private readonly Counter<long> _verifyRecords;
    private readonly Counter<long> _verifyProblems;
    private readonly Counter<long> _purgeRuns;
    private readonly Counter<long> _purgeRecords;

    public AuditScheduleMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(FacadeTelemetry.Name);
        _verifyRuns = meter.CreateCounter<long>("llm_facade.audit.verify.runs", "{run}", "Scheduled verifies, by result (intact, not_intact, failed: it could not check).");
        _verifyRecords = meter.CreateCounter<long>("llm_facade.audit.verify.records", "{record}", "Records the scheduled verify checked.");
        _verifyProblems = meter.CreateCounter<long>("llm_facade.audit.verify.problems", "{finding}", "What the scheduled verify found, by kind (changed, forged, gap, incomplete); 0 when intact.");
        _purgeRuns = meter.CreateCounter<long>("llm_facade.audit.purge.runs", "{run}", "Scheduled purges, by result (purged, nothing: no day was old enough, failed).");
        _purgeRecords = meter.CreateCounter<long>("llm_facade.audit.purge.records", "{record}", "Records the scheduled purge deleted.");
    }

    /// <summary>Records a verify that ran to its end: its records, and its findings per kind (zeros included, so "intact" is a value too).</summary>
    public void Verified(AuditVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        _verifyRuns.Add(1, new TagList { { "result", verification.Intact ? "intact" : "not_intact" } });
        _verifyRecords.Add(verification.Records);
        foreach (var kind in s_kinds)
        {
            _verifyProblems.Add(verification.CountOf(kind), new TagList { { "kind", KindName(kind) } });
        }
    }

    /// <summary>Records a verify that could not check (settings, keys, storage).</summary>
    public void VerifyFailed() => _verifyRuns.Add(1, new TagList { { "result", "failed" } });

    /// <summary>Records a purge that ran: <paramref name="entry"/> <c>null</c> when no day was old enough.</summary>
    public void Purged(AuditPurgeEntry? entry)
    {
        _purgeRuns.Add(1, new TagList { { "result", entry is null ? "nothing" : "purged" } });
        _purgeRecords.Add(entry?.Records ?? 0);
    }

    /// <summary>Records a purge that failed.</summary>
    public void PurgeFailed() => _purgeRuns.Add(1, new TagList { { "result", "failed" } });

    /// <summary>The <c>kind</c> attribute of a finding kind: <c>changed</c>, <c>forged</c>, <c>gap</c>, <c>incomplete</c>.</summary>
    public static string KindName(AuditVerifyFindingKind kind) => kind.ToString().ToLowerInvariant();
}
