using System.Diagnostics;
using Functions.Core.Audit;
using Functions.Core.Chat;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Audit;

/// <summary>The store while its Azurite (an instance of this class's own) is stopped and started again.</summary>
public sealed class AuditStoreOutageTests : IAsyncLifetime
{
    private AzuriteInstance _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteInstance.StartNewAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task Begin_WhenAzuriteIsStopped_FailsWithinTheWriteTimeout_AndWorksAgainAfterRestart()
    {
        await using var host = new AuditTestHost(_azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:WriteTimeout"] = "00:00:01" });
        var time = DateTimeOffset.UtcNow;
        // The table's creation (most of a second on a busy machine) is not part of what this test times.
        await host.Tables.EnsureCreatedAsync(CancellationToken.None);
        await host.Store.BeginAsync(AuditTestHost.Start("before", time), CancellationToken.None);
        await host.Store.CompleteAsync(AuditTestHost.Completion("before", time), CancellationToken.None);

        await _azurite.StopAsync();
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AuditUnavailableException>(
            () => host.Store.BeginAsync(AuditTestHost.Start("during", time.AddSeconds(1)), CancellationToken.None));
        clock.Stop();

        await _azurite.StartAsync();
        await host.Store.CompleteAsync(AuditTestHost.Completion("during", time.AddSeconds(1)) with { Outcome = CallOutcome.Rejected, Status = 503, ErrorCode = AuditUnavailableException.ErrorCode }, CancellationToken.None);
        await host.Store.BeginAsync(AuditTestHost.Start("after", time.AddSeconds(2)), CancellationToken.None);
        await host.Store.CompleteAsync(AuditTestHost.Completion("after", time.AddSeconds(2)), CancellationToken.None);
        await host.Store.FlushAsync(CancellationToken.None);
        var listed = await host.Reader.ListDayAsync(DateOnly.FromDateTime(time.UtcDateTime), CancellationToken.None).ToListAsync();
        var refused = Assert.Single(await host.Reader.FindByRequestIdAsync("during", CancellationToken.None));

        Assert.Equal("during", error.RequestId);
        // Bounded by the 1 s write timeout; the slack only absorbs a busy test machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"BeginAsync took {clock.Elapsed}");
        Assert.Equal(["after", "during", "before"], listed.Select(s => s.RequestId));
        Assert.Equal(("rejected", 503), (refused.Summary.Outcome, refused.Summary.Status));
        Assert.Equal("{\"messages\":[]}", refused.PromptReceived);
    }

    [Fact]
    public async Task Begin_WhenFailOpenAndAzuriteIsStopped_Proceeds_AndCompleteWritesTheWholeRecordLater()
    {
        await using var host = new AuditTestHost(_azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Audit:WriteTimeout"] = "00:00:01",
            ["Audit:FailClosed"] = "false",
        });
        var time = DateTimeOffset.UtcNow;
        await host.Tables.EnsureCreatedAsync(CancellationToken.None);

        await _azurite.StopAsync();
        await host.Store.BeginAsync(AuditTestHost.Start("open", time, caller: "erin"), CancellationToken.None);
        await _azurite.StartAsync();
        await host.Store.CompleteAsync(AuditTestHost.Completion("open", time, flag: 1), CancellationToken.None);

        var record = Assert.Single(await host.Reader.FindByRequestIdAsync("open", CancellationToken.None));
        var byCaller = await host.Reader.ListByCallerAsync("erin", time.AddMinutes(-1), time.AddMinutes(1), CancellationToken.None).ToListAsync();
        var flagged = await host.Reader.ListFlaggedAsync(time.AddMinutes(-1), time.AddMinutes(1), CancellationToken.None).ToListAsync();

        Assert.Equal("{\"messages\":[]}", record.PromptReceived);
        Assert.Equal("completed", record.Summary.Outcome);
        Assert.Equal("open", Assert.Single(byCaller).RequestId);
        Assert.Equal("erin", Assert.Single(flagged).Caller);
    }

    [Fact]
    public async Task WritesWhoseAnswersAreLost_AreTriedAgain_AndTheRowsFoundThereCountAsWritten()
    {
        var fault = new TableFaultPolicy();
        await using var host = new AuditTestHost(_azurite.ConnectionString, policies: fault);
        var time = DateTimeOffset.UtcNow;
        await host.Tables.EnsureCreatedAsync(CancellationToken.None);

        // The service applies each write, the answer never arrives, and the next attempt finds the rows there.
        fault.LoseNextAnswers(1);
        await host.Store.BeginAsync(AuditTestHost.Start("lost", time), CancellationToken.None);
        fault.LoseNextAnswers(1);
        await host.Store.CompleteAsync(AuditTestHost.Completion("lost", time, flag: 2), CancellationToken.None);
        var record = Assert.Single(await host.Reader.FindByRequestIdAsync("lost", CancellationToken.None));
        var flagged = await host.Reader.ListFlaggedAsync(time.AddMinutes(-1), time.AddMinutes(1), CancellationToken.None).ToListAsync();
        var statistics = host.Store.Statistics;

        Assert.Equal(("completed", "{\"messages\":[]}"), (record.Summary.Outcome, record.PromptReceived));
        Assert.Equal("lost", Assert.Single(flagged).RequestId);
        Assert.Equal((1L, 1L, 0L, 0L), (statistics.Begun, statistics.Completed, statistics.BeginFailures, statistics.CompletionFailures));
    }

    [Fact]
    public async Task Completions_OutliveAnOutageLongerThanAMinute_AndEveryOneLandsWhenStorageReturns()
    {
        // Twenty times real speed: the 75 s outage lasts under 4 s of the test's time.
        var clock = new AcceleratedTimeProvider(20);
        await using var host = new AuditTestHost(_azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:WriteTimeout"] = "00:10:00" }, time: clock);
        var time = clock.GetUtcNow();
        var ids = Enumerable.Range(0, 20).Select(i => $"long-{i}").ToList();
        foreach (var id in ids) await host.Store.BeginAsync(AuditTestHost.Start(id, time), CancellationToken.None);

        await _azurite.StopAsync();
        var completing = ids.Select(id => host.Store.CompleteAsync(AuditTestHost.Completion(id, time, response: "Answer of " + id), CancellationToken.None)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(75), clock);
        var during = host.Store.Statistics;
        await _azurite.StartAsync();
        await Task.WhenAll(completing).WaitAsync(TimeSpan.FromSeconds(60));
        var after = host.Store.Statistics;
        var records = await Task.WhenAll(ids.Select(id => host.Reader.FindByRequestIdAsync(id, CancellationToken.None)));

        Assert.Equal((20L, 0L, 0L), (during.PendingCompletions, during.Completed, during.CompletionFailures));
        Assert.InRange(during.PendingCompletionBytes, 20 * 512, 20 * 1024);
        Assert.Equal((0L, 0L, 20L, 0L), (after.PendingCompletions, after.PendingCompletionBytes, after.Completed, after.CompletionFailures));
        Assert.All(records.Zip(ids), pair => Assert.Equal(("completed", "Answer of " + pair.Second), (Assert.Single(pair.First).Summary.Outcome, Assert.Single(pair.First).ResponseText)));
    }

    [Fact]
    public async Task AFullBacklogOfCompletions_RefusesNewCallsAtOnce_AndKeepsEveryCompletionItHolds()
    {
        await using var host = new AuditTestHost(_azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:MaxPendingCompletions"] = "3" });
        var time = DateTimeOffset.UtcNow;
        foreach (var id in new[] { "b1", "b2", "b3" }) await host.Store.BeginAsync(AuditTestHost.Start(id, time), CancellationToken.None);

        await _azurite.StopAsync();
        var completing = new[] { "b1", "b2", "b3" }.Select(id => host.Store.CompleteAsync(AuditTestHost.Completion(id, time), CancellationToken.None)).ToList();
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<AuditUnavailableException>(() => host.Store.BeginAsync(AuditTestHost.Start("b4", time), CancellationToken.None));
        clock.Stop();
        await _azurite.StartAsync();
        await Task.WhenAll(completing).WaitAsync(TimeSpan.FromSeconds(60));
        await host.Store.BeginAsync(AuditTestHost.Start("b5", time), CancellationToken.None);

        Assert.True(refused.Refused);
        Assert.Contains("Audit:MaxPendingCompletions", refused.Message, StringComparison.Ordinal);
        // Refused without trying the store (a write to it would take the 30 s write timeout).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"refusal took {clock.Elapsed}");
        Assert.Equal((3L, 0L, 0L), (host.Store.Statistics.Completed, host.Store.Statistics.CompletionFailures, host.Store.Statistics.PendingCompletions));
    }

    [Fact]
    public async Task FailingOpen_ACompletionBeyondTheBound_IsDroppedAndCounted()
    {
        await using var host = new AuditTestHost(_azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Audit:MaxPendingCompletions"] = "2",
            ["Audit:FailClosed"] = "false",
        });
        var time = DateTimeOffset.UtcNow;
        foreach (var id in new[] { "o1", "o2", "o3" }) await host.Store.BeginAsync(AuditTestHost.Start(id, time), CancellationToken.None);

        await _azurite.StopAsync();
        var completing = new[] { "o1", "o2" }.Select(id => host.Store.CompleteAsync(AuditTestHost.Completion(id, time), CancellationToken.None)).ToList();
        await host.Store.CompleteAsync(AuditTestHost.Completion("o3", time), CancellationToken.None);
        var during = host.Store.Statistics;
        await _azurite.StartAsync();
        await Task.WhenAll(completing).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((2L, 1L), (during.PendingCompletions, during.CompletionsDropped));
        Assert.Equal("completed", Assert.Single(await host.Reader.FindByRequestIdAsync("o2", CancellationToken.None)).Summary.Outcome);
        // Its record was written before the call: it stays, without an outcome.
        var listed = await host.Reader.ListDayAsync(DateOnly.FromDateTime(time.UtcDateTime), CancellationToken.None).ToListAsync();
        Assert.Null(Assert.Single(listed, s => s.RequestId == "o3").Outcome);
    }

    [Fact]
    public async Task Shutdown_WaitsForPendingCompletions_WithinItsGracePeriod()
    {
        await using var host = new AuditTestHost(_azurite.ConnectionString);
        var writer = new AuditCompletionWriter(host.Store);
        var time = DateTimeOffset.UtcNow;
        foreach (var id in new[] { "s1", "s2" }) await host.Store.BeginAsync(AuditTestHost.Start(id, time), CancellationToken.None);

        await _azurite.StopAsync();
        writer.Write(AuditTestHost.Completion("s1", time));
        writer.Write(AuditTestHost.Completion("s2", time));
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stopping = writer.StopAsync(grace.Token);
        var stillWaiting = !stopping.IsCompleted;
        await _azurite.StartAsync();
        await stopping;

        Assert.True(stillWaiting);
        Assert.Equal((2L, 0L), (host.Store.Statistics.Completed, host.Store.Statistics.CompletionFailures));
        Assert.Equal("completed", Assert.Single(await host.Reader.FindByRequestIdAsync("s2", CancellationToken.None)).Summary.Outcome);
    }

    [Fact]
    public async Task Shutdown_PastItsGracePeriod_AbandonsWhatIsLeft_AndCountsIt()
    {
        await using var host = new AuditTestHost(_azurite.ConnectionString);
        var writer = new AuditCompletionWriter(host.Store);
        var time = DateTimeOffset.UtcNow;
        await host.Store.BeginAsync(AuditTestHost.Start("g1", time), CancellationToken.None);

        await _azurite.StopAsync();
        writer.Write(AuditTestHost.Completion("g1", time));
        using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await writer.StopAsync(grace.Token).WaitAsync(TimeSpan.FromSeconds(30));
        await writer.DrainAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _azurite.StartAsync();

        Assert.Equal((0L, 1L, 0L), (host.Store.Statistics.Completed, host.Store.Statistics.CompletionFailures, host.Store.Statistics.PendingCompletions));
    }
}
