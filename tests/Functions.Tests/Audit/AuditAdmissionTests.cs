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
    public async Task AStoreThatStopsAnswering_GetsCallsRefusedAtOnceWithRetryAfter_OnceAWriteOutlivedItsBudget_AndCallsAreAdmittedOnceItAnswers()
    {
        var fault = new TableFaultPolicy();
        await using var host = new AuditTestHost(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:WriteTimeout"] = "00:00:01" }, policies: fault);
        var time = DateTimeOffset.UtcNow;
        await host.Tables.EnsureCreatedAsync(CancellationToken.None);
        await host.CallAsync(AuditTestHost.Start("warm", time), AuditTestHost.Completion("warm", time));
        var held = new TaskCompletionSource();
        fault.Hold = held;

        // The first call's record is under way and nothing lands: no evidence yet, so the next call is admitted and waits.
        var waiting = host.Store.BeginAsync(AuditTestHost.Start("w", time), CancellationToken.None);
        await Eventually.TrueAsync(() => host.Store.Statistics.Committer.InFlightOperations > 0);
        var admitted = host.Store.BeginAsync(AuditTestHost.Start("admitted", time), CancellationToken.None);
        // The evidence: the first write outlives its budget (its caller is told the store is unavailable).
        await Assert.ThrowsAsync<AuditUnavailableException>(() => waiting);
        await Assert.ThrowsAsync<AuditUnavailableException>(() => admitted);
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<AuditUnavailableException>(() => host.Store.BeginAsync(AuditTestHost.Start("refused", time), CancellationToken.None));
        clock.Stop();
        fault.Hold = null;
        held.SetResult();
        await host.Store.CompleteAsync(AuditTestHost.Completion("refused", time) with { Outcome = CallOutcome.Rejected, Status = 503, ErrorCode = AuditUnavailableException.ErrorCode }, CancellationToken.None);
        await Eventually.TrueAsync(() => host.Store.Statistics.Committer is { WaitingOperations: 0, InFlightOperations: 0 });
        await host.Store.BeginAsync(AuditTestHost.Start("after", time), CancellationToken.None);
        await host.Store.FlushAsync(CancellationToken.None);
        var statistics = host.Store.Statistics;

        Assert.True(refused.Refused);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Contains("not taking writes", refused.Message);
        // Refused without touching storage, not after the 1 s budget (the slack is for a busy test machine).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refusal took {clock.Elapsed}");
        Assert.Equal((1L, 2L), (statistics.Refused, statistics.Begun));
        // The refused call leaves a record (the store kept up again), without a prompt: nothing went upstream.
        Assert.Equal(1L, statistics.RejectionsRecorded + statistics.RejectionsSummarised);
    }

    [Fact]
    public async Task AStoreWhoseWriteFails_WithNothingLanding_GetsTheNextCallRefusedAtOnce()
    {
        var fault = new TableFaultPolicy();
        await using var host = new AuditTestHost(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:WriteTimeout"] = "00:00:05" }, policies: fault);
        var time = DateTimeOffset.UtcNow;
        // The table exists (a process creates it before its first write, and a failure there fails that call at once).
        await host.CallAsync(AuditTestHost.Start("warm", time), AuditTestHost.Completion("warm", time));
        fault.Down = true;
        Task first;
        AuditUnavailableException refused;
        var clock = new Stopwatch();
        try
        {
            first = host.Store.BeginAsync(AuditTestHost.Start("first", time), CancellationToken.None);
            await Eventually.TrueAsync(() => host.Store.Statistics.Committer.FailedRequests > 0);
            clock.Start();
            refused = await Assert.ThrowsAsync<AuditUnavailableException>(() => host.Store.BeginAsync(AuditTestHost.Start("next", time), CancellationToken.None));
            clock.Stop();
        }
        finally
        {
            fault.Down = false;
        }

        await first;

        Assert.True(refused.Refused);
        Assert.Contains("failing", refused.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"refusal took {clock.Elapsed}");
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
        var behind = Backlog(calls: 150, oldestCallWait: 1.5, drainRate: 5_000) with { UrgentOperations = 50, OldestUrgentWait = TimeSpan.FromSeconds(1.1) };

        var admitted = AuditAdmission.Decide(behind, 1, TimeSpan.FromSeconds(2), out var retryAfter, out var reason);

        Assert.False(admitted);
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Contains("unsent for 1100 ms", reason);
    }

    [Fact]
    public void ABacklogTheStoreDrainsWithinHalfTheBudget_IsAdmitted()
    {
        var draining = Backlog(calls: 400, oldestCallWait: 0.6, drainRate: 5_000) with { UrgentOperations = 200, OldestUrgentWait = TimeSpan.FromSeconds(0.3) };

        Assert.True(AuditAdmission.Decide(draining, 1, TimeSpan.FromSeconds(2), out _, out _));
        Assert.True(AuditAdmission.Decide(draining with { CallOperations = 0, OldestCallWait = TimeSpan.Zero }, 1, TimeSpan.FromSeconds(2), out _, out _));
    }

    [Fact]
    public void AColdProcess_WithASlowFirstWriteAndAQueueOfRejectionRecords_IsAdmitted()
    {
        // No request has completed yet (no rate, no typical latency): the first begin has been under way 900 ms of a
        // 2 s budget, 176 rejection rows wait behind it. Nothing shows the store slow or down.
        var cold = new TableGroupCommitBacklog(WaitingOperations: 176, UrgentOperations: 0, InFlightOperations: 1,
            OldestWait: TimeSpan.FromSeconds(0.9), OldestUrgentWait: TimeSpan.Zero, DrainRate: 0, TypicalLatency: TimeSpan.Zero, Failing: false)
        { CallOperations = 1, OldestCallWait = TimeSpan.FromSeconds(0.9) };

        Assert.True(AuditAdmission.Decide(cold, 1, TimeSpan.FromSeconds(2), out _, out var reason), reason);
    }

    [Fact]
    public void AStoreThatFailedItsFirstWrite_IsRefusedAtOnce()
    {
        var failed = Backlog(calls: 1, oldestCallWait: 0.02, drainRate: 0) with { Failing = true };

        Assert.False(AuditAdmission.Decide(failed, 1, TimeSpan.FromSeconds(2), out var retryAfter, out var reason));
        Assert.Equal(AuditUnavailableException.DefaultRetryAfter, retryAfter);
        Assert.Contains("failing", reason);
    }

    [Fact]
    public void AWriteThatOutlivedItsBudgetWithNothingLanding_IsRefusedAtOnce()
    {
        var hung = Backlog(calls: 3, oldestCallWait: 2.05, drainRate: 0);

        Assert.False(AuditAdmission.Decide(hung, 1, TimeSpan.FromSeconds(2), out _, out var reason));
        Assert.Contains("not taking writes", reason);
        // Just inside the budget it is not evidence yet.
        Assert.True(AuditAdmission.Decide(hung with { OldestCallWait = TimeSpan.FromSeconds(1.9) }, 1, TimeSpan.FromSeconds(2), out _, out _));
    }

    [Fact]
    public void AFloodOfRejections_AgainstAStoreThatKeepsUpWithBegins_AdmitsEveryBegin()
    {
        // 3,000 background rows waiting for 3 s, drained at 800 a second; the calls' own writes land in milliseconds.
        var flood = new TableGroupCommitBacklog(WaitingOperations: 3_000, UrgentOperations: 1, InFlightOperations: 100,
            OldestWait: TimeSpan.FromSeconds(3), OldestUrgentWait: TimeSpan.FromMilliseconds(4), DrainRate: 800,
            TypicalLatency: TimeSpan.FromMilliseconds(20), Failing: false)
        { CallOperations = 2, OldestCallWait = TimeSpan.FromMilliseconds(30) };

        for (var begin = 0; begin < 100; begin++)
        {
            Assert.True(AuditAdmission.Decide(flood, 1, TimeSpan.FromSeconds(2), out _, out var reason), reason);
        }

        // And once a begin itself waits past the evidence, the calls' backlog alone is weighed: 2 operations at 800/s.
        Assert.True(AuditAdmission.Decide(flood with { OldestCallWait = TimeSpan.FromMilliseconds(300) }, 1, TimeSpan.FromSeconds(2), out _, out _));
    }

    private static TableGroupCommitBacklog Backlog(int calls, double oldestCallWait, double drainRate) =>
        new(WaitingOperations: calls, UrgentOperations: 0, InFlightOperations: 0, OldestWait: TimeSpan.FromSeconds(oldestCallWait),
            OldestUrgentWait: TimeSpan.Zero, DrainRate: drainRate, TypicalLatency: TimeSpan.FromMilliseconds(50), Failing: false)
        { CallOperations = calls, OldestCallWait = TimeSpan.FromSeconds(oldestCallWait) };
}
