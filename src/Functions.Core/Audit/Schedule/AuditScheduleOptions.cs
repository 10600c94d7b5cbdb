namespace Functions.Core.Audit.Schedule;

/// <summary>
/// The <c>Audit:Schedule</c> section: which of the audit trail's daily jobs this app runs (<see cref="AuditSchedule"/>).
/// Both are off unless set; the times are fixed (<see cref="AuditSchedule.VerifyAt"/>, <see cref="AuditSchedule.PurgeAt"/>, UTC).
/// </summary>
public sealed class AuditScheduleOptions
{
    /// <summary>Verify the previous UTC day every day, as <c>audit verify</c> does; the result is logged and sent as metrics.</summary>
    public bool Verify { get; set; }

    /// <summary>Purge the whole days older than <c>Audit:RetentionDays</c> every day, as <c>audit purge</c> does (which writes its sealed purge entry).</summary>
    public bool Purge { get; set; }
}
