using Functions.Core.Audit.Retention;
using Functions.Core.Audit.Seals;

namespace Functions.Core.Audit.Schedule;

/// <summary>
/// The audit trail's two daily jobs, host-agnostic: <see cref="VerifyPreviousDayAsync"/> checks the previous UTC day
/// with <see cref="AuditVerifier"/> (what <c>audit verify</c> runs) and reports the result as one log line and as
/// metrics; <see cref="PurgeExpiredDaysAsync"/> deletes the whole days older than <c>Audit:RetentionDays</c> with
/// <see cref="AuditPurge"/> (what <c>audit purge</c> runs, which writes its sealed purge entry). Each does nothing
/// unless <c>Audit:Schedule:Verify</c> or <c>Audit:Schedule:Purge</c> is true. The worker host calls them from timer
/// triggers (<see cref="VerifyCron"/>, <see cref="PurgeCron"/>), the Kestrel host at the same times of day.
/// </summary>
public sealed partial class AuditSchedule(
    IOptions<AuditOptions> options, Lazy<AuditTables> tables, ISecretStore secrets, AuditScheduleMetrics metrics, TimeProvider time, ILogger<AuditSchedule> logger)
{
    /// <summary>When the verify runs: 01:30 UTC, as an NCRONTAB expression (seconds first) for the timer trigger.</summary>
    public const string VerifyCron = "0 30 1 * * *";

    /// <summary>When the purge runs: 02:30 UTC, after the verify.</summary>
    public const string PurgeCron = "0 30 2 * * *";

    /// <summary>Who the purge entries name.</summary>
    public const string PurgedBy = "retention-job";

    /// <summary><see cref="VerifyCron"/> as a time of day (UTC).</summary>
    public static readonly TimeOnly VerifyAt = new(1, 30);

    /// <summary><see cref="PurgeCron"/> as a time of day (UTC).</summary>
    public static readonly TimeOnly PurgeAt = new(2, 30);

    /// <summary>Whether either job is on.</summary>
    public bool Enabled => options.Value.Schedule is { Verify: true } or { Purge: true };

    /// <summary>
    /// Verifies the previous UTC day when <c>Audit:Schedule:Verify</c> is on; <c>null</c> when it is off. A range not
    /// intact is a result, logged as an error; a verify that cannot check (no key, storage) is logged, counted and thrown.
    /// </summary>
    public async Task<AuditVerification?> VerifyPreviousDayAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Schedule.Verify)
        {
            Log.Off(logger, "verify", "Audit:Schedule:Verify");
            return null;
        }

        var day = Today().AddDays(-1);
        var from = new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero);
        try
        {
            var keys = await AuditSealKeyRing.LoadAsync(secrets, cancellationToken).ConfigureAwait(false);
            if (keys.Count == 0)
            {
                throw new InvalidOperationException($"No seal key: set the secret {SecretNames.AuditSealKey}.");
            }

            var verification = await new AuditVerifier(tables.Value, keys, time).VerifyAsync(from, from.AddDays(1).AddTicks(-1), null, cancellationToken).ConfigureAwait(false);
            metrics.Verified(verification);
            Log.Verified(logger, verification.Intact ? LogLevel.Information : LogLevel.Error, Day(day), verification.Records, verification.Findings.Count,
                verification.CountOf(AuditVerifyFindingKind.Changed), verification.CountOf(AuditVerifyFindingKind.Gap), verification.CountOf(AuditVerifyFindingKind.Forged),
                verification.CountOf(AuditVerifyFindingKind.Incomplete), verification.Intact ? "INTACT" : "NOT INTACT");
            return verification;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.VerifyFailed();
            Log.VerifyFailed(logger, Day(day), e);
            throw;
        }
    }

    /// <summary>
    /// Deletes every whole UTC day before today minus <c>Audit:RetentionDays</c> when <c>Audit:Schedule:Purge</c> is on,
    /// and returns the purge entry written; <c>null</c> when off or when no day is that old (then no entry is written).
    /// </summary>
    public async Task<AuditPurgeEntry?> PurgeExpiredDaysAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Schedule.Purge || settings.RetentionDays is not { } retentionDays)
        {
            Log.Off(logger, "purge", "Audit:Schedule:Purge");
            return null;
        }

        // Every day before the cut ended at least RetentionDays days ago: nothing younger is deleted.
        var before = Today().AddDays(-retentionDays);
        try
        {
            AuditPurgeEntry? entry = null;
            if (await AnyDayBeforeAsync(before, cancellationToken).ConfigureAwait(false))
            {
                var keys = await AuditSealKeyRing.LoadAsync(secrets, cancellationToken).ConfigureAwait(false);
                entry = await new AuditPurge(tables.Value, keys, time).PurgeAsync(before, PurgedBy, dryRun: false, null, cancellationToken).ConfigureAwait(false);
            }

            metrics.Purged(entry);
            Log.Purged(logger, Day(before), retentionDays, entry?.Days ?? 0, entry?.Records ?? 0, entry?.Rows ?? 0, entry?.Seq ?? 0);
            return entry;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.PurgeFailed();
            Log.PurgeFailed(logger, Day(before), e);
            throw;
        }
    }

    /// <summary>The next time of day <paramref name="at"/> (UTC) after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly at)
    {
        var utc = now.ToUniversalTime();
        var today = new DateTimeOffset(DateOnly.FromDateTime(utc.UtcDateTime), at, TimeSpan.Zero);
        return today > utc ? today : today.AddDays(1);
    }

    private async Task<bool> AnyDayBeforeAsync(DateOnly before, CancellationToken cancellationToken)
    {
        await foreach (var _ in AuditTableQuery.DaysAsync(tables.Value.Records, DateOnly.MinValue, before.AddDays(-1), cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5040, Message = "Scheduled audit verify of {Day}: {Records} records, {Problems} problems ({Changed} changed, {Gaps} gaps, {Forged} forged, {Incomplete} incomplete): {Verdict} (audit verify over that day lists each finding)")]
        public static partial void Verified(ILogger logger, LogLevel level, string day, long records, int problems, int changed, int gaps, int forged, int incomplete, string verdict);

        [LoggerMessage(EventId = 5041, Level = LogLevel.Error, Message = "Scheduled audit verify of {Day} could not check the records")]
        public static partial void VerifyFailed(ILogger logger, string day, Exception exception);

        [LoggerMessage(EventId = 5042, Level = LogLevel.Information, Message = "Scheduled audit purge before {Before} (Audit:RetentionDays {RetentionDays}): {Days} days, {Records} records, {Rows} rows deleted; purge entry #{Seq} (0: nothing to delete, no entry)")]
        public static partial void Purged(ILogger logger, string before, int retentionDays, long days, long records, long rows, long seq);

        [LoggerMessage(EventId = 5043, Level = LogLevel.Error, Message = "Scheduled audit purge before {Before} failed")]
        public static partial void PurgeFailed(ILogger logger, string before, Exception exception);

        [LoggerMessage(EventId = 5044, Level = LogLevel.Information, Message = "Scheduled audit {Job} is off ({Setting} is not true)")]
        public static partial void Off(ILogger logger, string job, string setting);
    }
}
