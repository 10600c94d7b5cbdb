using System.Diagnostics;
using Functions.Core.Audit;
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
        await host.Store.BeginAsync(AuditTestHost.Start("before", time), CancellationToken.None);
        await host.Store.CompleteAsync(AuditTestHost.Completion("before", time), CancellationToken.None);

        await _azurite.StopAsync();
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AuditUnavailableException>(
            () => host.Store.BeginAsync(AuditTestHost.Start("during", time.AddSeconds(1)), CancellationToken.None));
        clock.Stop();

        await _azurite.StartAsync();
        await host.Store.CompleteAsync(AuditTestHost.Completion("during", time.AddSeconds(1)) with { Outcome = AuditOutcome.Rejected, Status = 503, ErrorCode = AuditUnavailableException.ErrorCode }, CancellationToken.None);
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
    public async Task Complete_WhileAzuriteIsDown_IsRetriedUntilItComesBack()
    {
        await using var host = new AuditTestHost(_azurite.ConnectionString);
        var time = DateTimeOffset.UtcNow;
        await host.Store.BeginAsync(AuditTestHost.Start("retry", time), CancellationToken.None);

        await _azurite.StopAsync();
        var completing = host.Store.CompleteAsync(AuditTestHost.Completion("retry", time), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _azurite.StartAsync();
        await completing;

        var record = Assert.Single(await host.Reader.FindByRequestIdAsync("retry", CancellationToken.None));
        Assert.Equal("completed", record.Summary.Outcome);
    }
}
