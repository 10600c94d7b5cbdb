using Functions.Core.Audit.Schedule;

namespace Functions.Hosting;

/// <summary>
/// The Kestrel host's stand-in for the worker's timer triggers (<see cref="Triggers.AuditScheduleFunctions"/>): runs
/// <see cref="AuditSchedule"/>'s verify and purge daily at the same UTC times, when they are on. Unlike the timer
/// triggers it takes no lock across instances: turn the schedule on for one instance only.
/// </summary>
public sealed class AuditScheduleService(AuditSchedule schedule, TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        schedule.Enabled
            ? Task.WhenAll(DailyAsync(AuditSchedule.VerifyAt, schedule.VerifyPreviousDayAsync, stoppingToken), DailyAsync(AuditSchedule.PurgeAt, schedule.PurgeExpiredDaysAsync, stoppingToken))
            : Task.CompletedTask;

    private async Task DailyAsync(TimeOnly at, Func<CancellationToken, Task> job, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            await Task.Delay(AuditSchedule.NextRun(now, at) - now, time, stoppingToken).ConfigureAwait(false);
            try
            {
                await job(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The job logged and counted the failure; the next day tries again.
            }
        }
    }
}
