using Functions.Core.Audit;
using Functions.Core.Audit.Schedule;
using Functions.Tests.Infra;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Hosting;

/// <summary>
/// The audit schedule on the isolated worker: functions.metadata (written by the Worker Sdk at build) declares the two
/// timer functions at the job's times, which are the times the Kestrel host keeps; the settings are checked at start.
/// </summary>
public sealed class AuditScheduleFunctionsTests
{
    private static List<(string Name, string Schedule)> Timers() =>
        FunctionMetadata.ReadTimers(Path.Combine(Path.GetDirectoryName(WorkerRig.WorkerPath)!, "functions.metadata"));

    [Fact]
    public void TheWorker_DeclaresTheVerifyAndThePurgeAsTimerFunctions()
    {
        Assert.Equal([("audit-purge", AuditSchedule.PurgeCron), ("audit-verify", AuditSchedule.VerifyCron)], Timers());
    }

    [Theory]
    [InlineData(AuditSchedule.VerifyCron, "verify")]
    [InlineData(AuditSchedule.PurgeCron, "purge")]
    public void EachCronExpression_IsDailyAtTheTimeOfDayTheKestrelHostUses(string cron, string job)
    {
        var at = job == "verify" ? AuditSchedule.VerifyAt : AuditSchedule.PurgeAt;

        Assert.Equal($"0 {at.Minute} {at.Hour} * * *", cron);
    }

    [Fact]
    public void NextRun_IsLaterTodayOrElseTomorrow()
    {
        var at = new TimeOnly(1, 30);

        Assert.Equal(new DateTimeOffset(2024, 10, 8, 1, 30, 0, TimeSpan.Zero), AuditSchedule.NextRun(new DateTimeOffset(2024, 10, 8, 1, 29, 59, TimeSpan.Zero), at));
        Assert.Equal(new DateTimeOffset(2024, 10, 9, 1, 30, 0, TimeSpan.Zero), AuditSchedule.NextRun(new DateTimeOffset(2024, 10, 8, 1, 30, 0, TimeSpan.Zero), at));
        // 09:00 at UTC+8 is 01:00 UTC: the run is still to come today.
        Assert.Equal(new DateTimeOffset(2024, 10, 8, 1, 30, 0, TimeSpan.Zero), AuditSchedule.NextRun(new DateTimeOffset(2024, 10, 8, 9, 0, 0, TimeSpan.FromHours(8)), at));
    }

    [Fact]
    public void Settings_AreCheckedAtStart_EachProblemNamingItsSetting()
    {
        static List<string> Problems(AuditOptions options) => [.. options.Problems("Audit")];
        var stored = new AuditOptions { ConnectionString = "UseDevelopmentStorage=true" };

        Assert.Empty(Problems(stored));
        Assert.Empty(Problems(new AuditOptions { ConnectionString = "UseDevelopmentStorage=true", RetentionDays = 2555, Schedule = { Verify = true, Purge = true } }));
        Assert.Contains("Audit:RetentionDays must be between 1 and 36500", Assert.Single(Problems(new AuditOptions { ConnectionString = "UseDevelopmentStorage=true", RetentionDays = 0 })));
        Assert.Equal("Audit:Schedule:Purge needs Audit:RetentionDays (the days to keep).", Assert.Single(Problems(new AuditOptions { ConnectionString = "UseDevelopmentStorage=true", Schedule = { Purge = true } })));
        Assert.StartsWith("Audit:Schedule:Verify needs Audit:ConnectionString or Audit:TableServiceUri", Assert.Single(Problems(new AuditOptions { Schedule = { Verify = true } })));
    }
}
