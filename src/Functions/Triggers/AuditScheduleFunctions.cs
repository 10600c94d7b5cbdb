using Functions.Core.Audit.Schedule;
using Microsoft.Azure.Functions.Worker;

namespace Functions.Triggers;

/// <summary>
/// The audit trail's daily jobs on the isolated worker: timer triggers (UTC; the host runs each on one instance at a
/// time), each a one-line call into <see cref="AuditSchedule"/>. The job does nothing unless <c>Audit:Schedule:Verify</c>
/// or <c>Audit:Schedule:Purge</c> is true, so an app without them pays one empty invocation a day.
/// </summary>
public sealed class AuditScheduleFunctions(AuditSchedule schedule)
{
    /// <summary>Verifies the previous UTC day at 01:30 UTC (<see cref="AuditSchedule.VerifyCron"/>).</summary>
    [Function("audit-verify")]
    public Task Verify([TimerTrigger(AuditSchedule.VerifyCron)] TimerInfo timer, CancellationToken cancellationToken) => schedule.VerifyPreviousDayAsync(cancellationToken);

    /// <summary>Purges the days older than <c>Audit:RetentionDays</c> at 02:30 UTC (<see cref="AuditSchedule.PurgeCron"/>).</summary>
    [Function("audit-purge")]
    public Task Purge([TimerTrigger(AuditSchedule.PurgeCron)] TimerInfo timer, CancellationToken cancellationToken) => schedule.PurgeExpiredDaysAsync(cancellationToken);
}
