using Azure;
using Azure.Data.Tables;
using Functions.Core.Audit.GroupCommit;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Functions.Tests.Audit.GroupCommit;

/// <summary>Group commit against a real Azurite, faults put between them with an Azure.Core pipeline policy.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableGroupCommitterTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TableFaultPolicy _fault = new();
    private readonly TableGroupCommitter _committer = new(new TableGroupCommitOptions { UrgentLinger = TimeSpan.FromMilliseconds(5) }, TimeProvider.System, NullLogger<TableGroupCommitter>.Instance);
    private TableClient _table = null!;

    public async Task InitializeAsync()
    {
        _table = azurite.CreateServiceClient(_fault).GetTableClient(AzuriteFixture.NewTableName("Commit"));
        await _table.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await _table.DeleteAsync();

    [Fact]
    public async Task WritesToOnePartitionArrivingTogether_LeaveInOneTransaction()
    {
        var writes = Enumerable.Range(0, 60).Select(i => Write("p", $"r{i:D2}")).ToList();

        await Task.WhenAll(writes.Select(w => _committer.SubmitAsync(w, CancellationToken.None)));
        var statistics = _committer.Statistics;

        Assert.Equal(60, await CountAsync("p"));
        Assert.Equal((60L, 60L), (statistics.Operations, statistics.Writes));
        Assert.True(statistics.Requests <= 3, $"{statistics.Requests} requests for 60 writes");
        Assert.True(statistics.OperationsPerRequest >= 20);
    }

    [Fact]
    public async Task AWriteOfSeveralOperations_LandsWhole_InOneTransaction()
    {
        var write = new TableWrite(_table, [Action("p", "a"), Action("p", "b"), Action("p", "c")], TableWritePriority.Normal);

        await _committer.SubmitAsync(write, CancellationToken.None);

        Assert.Equal(3, await CountAsync("p"));
        Assert.Equal((1L, 1L), (_committer.Statistics.Transactions, _committer.Statistics.Requests));
    }

    [Fact]
    public async Task AnOperationTheServiceRefuses_FailsOnlyItsWrite_AndTheOthersOfItsTransactionLand()
    {
        var committer = new TableGroupCommitter(new TableGroupCommitOptions { MaxInFlightPerPartition = 1 }, TimeProvider.System, NullLogger<TableGroupCommitter>.Instance);
        await _table.AddEntityAsync(new TableEntity("p", "taken"));
        var held = new TaskCompletionSource();
        _fault.Hold = held;
        var blocker = committer.SubmitAsync(Write("p", "first"), CancellationToken.None);
        await WaitUntilAsync(() => committer.Statistics.InFlightOperations == 1);
        // While the first is under way the rest gather into one batch; the insert of an existing row sits in its middle.
        var others = Enumerable.Range(0, 10).Select(i => committer.SubmitAsync(Write("p", $"ok{i}"), CancellationToken.None)).ToList();
        var conflict = committer.SubmitAsync(new TableWrite(_table, new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "taken")), TableWritePriority.Urgent), CancellationToken.None);
        others.AddRange(Enumerable.Range(10, 10).Select(i => committer.SubmitAsync(Write("p", $"ok{i}"), CancellationToken.None)));
        _fault.Hold = null;
        held.SetResult();

        await Task.WhenAll(others.Append(blocker));
        var refused = await Assert.ThrowsAsync<TableTransactionFailedException>(() => conflict);
        var statistics = committer.Statistics;

        Assert.Equal((409, 10), (refused.Status, refused.FailedTransactionActionIndex));
        Assert.Equal(22, await CountAsync("p"));
        // The first write, the batch of 21 the service refused whole, and the same batch less the refused write.
        Assert.Equal((3L, 1L, 20), (statistics.Requests, statistics.FailedRequests, statistics.LargestTransaction));
    }

    [Fact]
    public async Task AServerBusyStore_IsTriedAgain_UntilTheWriteLands()
    {
        _fault.FailNext(3);

        await _committer.SubmitAsync(Write("p", "busy"), CancellationToken.None);

        Assert.Equal(1, await CountAsync("p"));
        Assert.Equal(3L, _committer.Statistics.FailedRequests);
    }

    [Fact]
    public async Task AWriteWhoseCallerGivesUpWhileItWaits_IsWithdrawn_AndNeverWritten()
    {
        // One transaction at a time per partition: the second write waits behind the first however slow the machine.
        var committer = new TableGroupCommitter(new TableGroupCommitOptions { MaxInFlightPerPartition = 1 }, TimeProvider.System, NullLogger<TableGroupCommitter>.Instance);
        var held = new TaskCompletionSource();
        _fault.Hold = held;
        var first = committer.SubmitAsync(Write("p", "first"), CancellationToken.None);
        await WaitUntilAsync(() => committer.Statistics.InFlightOperations == 1);
        using var giveUp = new CancellationTokenSource();
        var second = committer.SubmitAsync(Write("p", "second", TableWritePriority.Background), giveUp.Token);

        await giveUp.CancelAsync();
        _fault.Hold = null;
        held.SetResult();
        await first;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(0, committer.Statistics.WaitingOperations);
        Assert.Equal(["first"], await RowKeysAsync("p"));
    }

    [Fact]
    public async Task ATableDeletedUnderARunningProcess_IsCreatedAgain()
    {
        await _committer.SubmitAsync(Write("p", "before"), CancellationToken.None);
        await _table.DeleteAsync();

        await _committer.SubmitAsync(Write("p", "after"), CancellationToken.None);

        Assert.Equal(["after"], await RowKeysAsync("p"));
    }

    [Fact]
    public void AWriteAcrossTwoPartitions_IsRefusedBeforeAnythingIsSent()
    {
        // Azurite would take it; the service refuses a transaction across partitions.
        var error = Assert.Throws<ArgumentException>(() => new TableWrite(_table, [Action("p", "a"), Action("q", "b")], TableWritePriority.Urgent));

        Assert.Contains("one partition", error.Message, StringComparison.Ordinal);
    }

    private TableWrite Write(string partition, string row, TableWritePriority priority = TableWritePriority.Urgent) =>
        new(_table, Action(partition, row), priority);

    private static TableTransactionAction Action(string partition, string row) =>
        new(TableTransactionActionType.UpsertMerge, new TableEntity(partition, row) { ["Value"] = row });

    private async Task<int> CountAsync(string partition) => (await RowKeysAsync(partition)).Count;

    private async Task<List<string>> RowKeysAsync(string partition) =>
        await _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")).Select(e => e.RowKey).ToListAsync();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
