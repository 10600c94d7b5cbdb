using System.Diagnostics;
using Functions.Core.Audit;
using Functions.Core.Audit.GroupCommit;
using Functions.Core.Chat;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Audit;

/// <summary>
/// Admission control against a real Azurite: a store that stops answering gets calls refused at once with a
/// Retry-After, not waiting out the write budget; a burst it can absorb is never refused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditAdmissionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AStoreThatStopsAnswering_GetsCallsRefusedAtOnceWithRetryAfter_AndCallsAreAdmittedOnceItAnswers()
    {
        var fault = new TableFaultPolicy();
        await using var host = new AuditTestHost(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:WriteTimeout"] = "00:00:02" }, policies: fault);
        var time = DateTimeOffset.UtcNow;
        await host.CallAsync(AuditTestHost.Start("warm", time), AuditTestHost.Completion("warm", time));
        var held = new TaskCompletionSource();
        fault.Hold = held;

        // The first call's record is under way; once it has been pending a while, the store has shown it takes nothing.
        var waiting = host.Store.BeginAsync(AuditTestHost.Start("w", time), CancellationToken.None);
        await WaitUntilAsync(() => host.Store.Statistics.Committer.InFlightOperations > 0);
        // Evidence: 100 ms, or three typical request times on a slow machine, at most a quarter of the budget.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<AuditUnavailableException>(() => host.Store.BeginAsync(AuditTestHost.Start("refused", time), CancellationToken.None));
        clock.Stop();
        fault.Hold = null;
        held.SetResult();
        await waiting;
        await host.Store.CompleteAsync(AuditTestHost.Completion("refused", time) with { Outcome = CallOutcome.Rejected, Status = 503, ErrorCode = AuditUnavailableException.ErrorCode }, CancellationToken.None);
        await WaitUntilAsync(() => host.Store.Statistics.Committer is { WaitingOperations: 0, InFlightOperations: 0 });
        await host.Store.BeginAsync(AuditTestHost.Start("after", time), CancellationToken.None);
        await host.Store.FlushAsync(CancellationToken.None);
        var statistics = host.Store.Statistics;

        Assert.True(refused.Refused);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        // Refused without touching storage, not after the 2 s budget (the slack is for a busy test machine).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refusal took {clock.Elapsed}");
        Assert.Equal((1L, 3L), (statistics.Refused, statistics.Begun));
        // The refused call leaves a record (the store kept up again), without a prompt: nothing went upstream.
        Assert.Equal(1L, statistics.RejectionsRecorded + statistics.RejectionsSummarised);
    }

    [Fact]
    public async Task ABurstTheStoreCanAbsorb_IsNeverRefused()
    {
        await using var host = new AuditTestHost(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:WriteTimeout"] = "00:00:10" });
        var time = DateTimeOffset.UtcNow;

        await Task.WhenAll(Enumerable.Range(0, 600).Select(i => host.CallAsync(AuditTestHost.Start($"b{i:D3}", time.AddTicks(i)), AuditTestHost.Completion($"b{i:D3}", time))));
        var statistics = host.Store.Statistics;

        Assert.Equal((600L, 600L, 0L), (statistics.Begun, statistics.Completed, statistics.Refused));
        Assert.True(statistics.Committer.OperationsPerRequest > 4, $"{statistics.Committer.OperationsPerRequest:F1} operations per request");
    }

    [Fact]
    public void ABeginUnsentForHalfTheBudget_GetsTheNextCallRefused_WhateverTheMeasuredRateSays()
    {
        // 5,000 operations/s measured, 51 urgent operations ahead: a predicted wait of 60 ms. But one begin has waited
        // 1.1 s of a 2 s budget unsent: the store has slowed since, and the next call would wait out the budget.
        var behind = new TableGroupCommitBacklog(WaitingOperations: 50, UrgentOperations: 50, InFlightOperations: 100,
            OldestWait: TimeSpan.FromSeconds(1.5), OldestUrgentWait: TimeSpan.FromSeconds(1.1), DrainRate: 5_000,
            TypicalLatency: TimeSpan.FromMilliseconds(50), Failing: false);

        var admitted = AuditAdmission.Decide(behind, 1, TimeSpan.FromSeconds(2), out var retryAfter, out var reason);

        Assert.False(admitted);
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Contains("unsent for 1100 ms", reason);
    }

    [Fact]
    public void ABacklogTheStoreDrainsWithinHalfTheBudget_IsAdmitted()
    {
        var draining = new TableGroupCommitBacklog(WaitingOperations: 300, UrgentOperations: 200, InFlightOperations: 100,
            OldestWait: TimeSpan.FromSeconds(0.6), OldestUrgentWait: TimeSpan.FromSeconds(0.3), DrainRate: 5_000,
            TypicalLatency: TimeSpan.FromMilliseconds(50), Failing: false);

        Assert.True(AuditAdmission.Decide(draining, 1, TimeSpan.FromSeconds(2), out _, out _));
        Assert.True(AuditAdmission.Decide(draining with { WaitingOperations = 0, UrgentOperations = 0, InFlightOperations = 0 }, 1, TimeSpan.FromSeconds(2), out _, out _));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
