using Azure;
using Functions.Core.Audit.Tables;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Audit;

/// <summary>Every operation of the thin Table client against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableClientTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TableServiceClient _service = azurite.CreateServiceClient();
    private readonly string _tableName = AzuriteFixture.NewTableName();
    private ITableClient _table = null!;

    public async Task InitializeAsync()
    {
        _table = _service.GetTableClient(_tableName);
        Assert.True(await _table.CreateIfNotExistsAsync(CancellationToken.None));
    }

    public async Task DisposeAsync() => await _service.DeleteTableAsync(_tableName, CancellationToken.None);

    [Fact]
    public async Task CreateIfNotExists_WhenTableExists_ReturnsFalse()
    {
        Assert.False(await _table.CreateIfNotExistsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddThenGet_RoundTripsEveryPropertyType()
    {
        var time = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567);
        var guid = Guid.NewGuid();
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "hello 世界 😀 'quoted' \"double\" \n\t\u2028",
            ["Flag"] = true,
            ["Int"] = 42,
            ["Long"] = long.MaxValue - 1,
            ["Double"] = 5.0,
            ["Fraction"] = 0.125,
            ["When"] = time,
            ["Id"] = guid,
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
            ["Empty"] = "",
        };

        var etag = await _table.AddEntityAsync(entity, CancellationToken.None);
        var read = await _table.GetEntityAsync("p", "r", null, CancellationToken.None);

        Assert.NotEqual(default, etag);
        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal(entity.GetString("Text"), read.GetString("Text"));
        Assert.Equal(true, read.GetBoolean("Flag"));
        Assert.Equal(42, read["Int"]);
        Assert.Equal(long.MaxValue - 1, read["Long"]);
        Assert.Equal(5.0, read["Double"]);
        Assert.Equal(0.125, read["Fraction"]);
        Assert.Equal(time, read["When"]);
        Assert.Equal(guid, read["Id"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read.GetBinary("Bytes"));
        Assert.Equal("", read.GetString("Empty"));
    }

    [Fact]
    public async Task Add_WhenRowExists_ThrowsTableServiceExceptionWithStatusAndCode()
    {
        await _table.AddEntityAsync(new TableEntity("p", "dup"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<TableServiceException>(() => _table.AddEntityAsync(new TableEntity("p", "dup"), CancellationToken.None));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task UpsertMerge_KeepsOtherProperties_UpsertReplace_DropsThem()
    {
        await _table.UpsertEntityAsync(new TableEntity("p", "u") { ["A"] = "a" }, TableUpdateMode.Merge, CancellationToken.None);
        await _table.UpsertEntityAsync(new TableEntity("p", "u") { ["B"] = "b" }, TableUpdateMode.Merge, CancellationToken.None);
        var merged = await _table.GetEntityAsync("p", "u", null, CancellationToken.None);

        await _table.UpsertEntityAsync(new TableEntity("p", "u") { ["C"] = "c" }, TableUpdateMode.Replace, CancellationToken.None);
        var replaced = await _table.GetEntityAsync("p", "u", null, CancellationToken.None);

        Assert.Equal(["A", "B"], merged!.Keys.Order());
        Assert.Equal(["C"], replaced!.Keys);
    }

    [Fact]
    public async Task Update_WithStaleETag_FailsWithPreconditionFailed()
    {
        var first = await _table.AddEntityAsync(new TableEntity("p", "e") { ["V"] = 1 }, CancellationToken.None);
        await _table.UpdateEntityAsync(new TableEntity("p", "e") { ["V"] = 2 }, first, TableUpdateMode.Merge, CancellationToken.None);

        var error = await Assert.ThrowsAsync<TableServiceException>(
            () => _table.UpdateEntityAsync(new TableEntity("p", "e") { ["V"] = 3 }, first, TableUpdateMode.Replace, CancellationToken.None));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
    }

    [Fact]
    public async Task GetAndDelete_OfMissingEntity_ReturnNullAndFalse()
    {
        await _table.AddEntityAsync(new TableEntity("p", "d"), CancellationToken.None);

        Assert.True(await _table.DeleteEntityAsync("p", "d", default, CancellationToken.None));
        Assert.Null(await _table.GetEntityAsync("p", "d", null, CancellationToken.None));
        Assert.False(await _table.DeleteEntityAsync("p", "d", default, CancellationToken.None));
    }

    [Fact]
    public async Task Transaction_AppliesEveryOperationOfOnePartition()
    {
        await _table.AddEntityAsync(new TableEntity("b", "existing") { ["V"] = 1 }, CancellationToken.None);
        await _table.AddEntityAsync(new TableEntity("b", "doomed"), CancellationToken.None);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity("b", "new") { ["Text"] = "中文 😀" }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("b", "existing") { ["W"] = 2 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("b", "replaced") { ["X"] = 3L }),
            new(TableTransactionActionType.Delete, new TableEntity("b", "doomed")),
        };

        var results = await _table.SubmitTransactionAsync(actions, CancellationToken.None);
        var rows = await _table.QueryAsync(new TableQuery { Filter = TableFilter.Equal("PartitionKey", "b") }, CancellationToken.None).ToListAsync();

        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Equal(204, r.Status));
        Assert.Equal(["existing", "new", "replaced"], rows.Select(r => r.RowKey));
        Assert.Equal(1, rows[0]["V"]);
        Assert.Equal(2, rows[0]["W"]);
        Assert.Equal("中文 😀", rows[1]["Text"]);
    }

    [Fact]
    public async Task Transaction_WhenOneOperationFails_AppliesNothingAndNamesTheOperation()
    {
        await _table.AddEntityAsync(new TableEntity("f", "taken"), CancellationToken.None);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity("f", "a")),
            new(TableTransactionActionType.Add, new TableEntity("f", "taken")),
            new(TableTransactionActionType.Add, new TableEntity("f", "c")),
        };

        var error = await Assert.ThrowsAsync<TableServiceException>(() => _table.SubmitTransactionAsync(actions, CancellationToken.None));
        var rows = await _table.QueryAsync(new TableQuery { Filter = TableFilter.Equal("PartitionKey", "f") }, CancellationToken.None).ToListAsync();

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Equal(1, error.FailedOperationIndex);
        Assert.Equal(["taken"], rows.Select(r => r.RowKey));
    }

    [Fact]
    public async Task Query_FollowsContinuationTokens_WithFilterSelectAndTop()
    {
        for (var batch = 0; batch < 12; batch++)
        {
            var actions = Enumerable.Range(batch * 100, 100)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("q", i.ToString("D5")) { ["N"] = i, ["Payload"] = "x" }))
                .ToList();
            await _table.SubmitTransactionAsync(actions, CancellationToken.None);
        }

        var query = new TableQuery { Filter = TableFilter.And(TableFilter.Equal("PartitionKey", "q"), TableFilter.GreaterOrEqual("N", 100)), Select = ["N"], Top = 250 };
        var firstPage = await _table.QueryPageAsync(query, null, CancellationToken.None);
        var all = await _table.QueryAsync(query, CancellationToken.None).ToListAsync();
        var unlimited = await _table.QueryAsync(new TableQuery { Filter = TableFilter.Equal("PartitionKey", "q") }, CancellationToken.None).ToListAsync();

        Assert.Equal(250, firstPage.Entities.Count);
        Assert.NotNull(firstPage.Continuation);
        Assert.Equal(1100, all.Count);
        Assert.Equal(Enumerable.Range(100, 1100), all.Select(e => (int)e["N"]!));
        Assert.All(all, e => Assert.False(e.ContainsKey("Payload")));
        Assert.All(all, e => Assert.Equal(((int)e["N"]!).ToString("D5"), e.RowKey));
        Assert.Equal(1200, unlimited.Count);
    }

    [Fact]
    public async Task Query_WithStartsWith_ReadsOnlyThePrefixRange()
    {
        foreach (var key in new[] { "a.1", "a.2", "a0", "a-", "b" })
        {
            await _table.AddEntityAsync(new TableEntity("s", key), CancellationToken.None);
        }

        var rows = await _table.QueryAsync(
            new TableQuery { Filter = TableFilter.And(TableFilter.Equal("PartitionKey", "s"), TableFilter.StartsWith("RowKey", "a.")) },
            CancellationToken.None).ToListAsync();

        Assert.Equal(["a.1", "a.2"], rows.Select(r => r.RowKey));
    }

    [Fact]
    public async Task SharedKeyLite_IsAcceptedToo()
    {
        var lite = azurite.CreateServiceClient(new TableServiceClientOptions { SharedKeyScheme = TableSharedKeyScheme.SharedKeyLite }).GetTableClient(_tableName);

        await lite.AddEntityAsync(new TableEntity("lite", "1"), CancellationToken.None);

        Assert.NotNull(await lite.GetEntityAsync("lite", "1", null, CancellationToken.None));
    }

    [Fact]
    public async Task WrongAccountKey_IsRejectedWith403()
    {
        var wrong = new TableServiceClient(
            new Uri($"http://127.0.0.1:{azurite.Instance.Port}/devstoreaccount1"),
            new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])));

        var error = await Assert.ThrowsAsync<TableServiceException>(
            () => wrong.GetTableClient(_tableName).GetEntityAsync("p", "r", null, CancellationToken.None));

        Assert.Equal(403, error.Status);
    }
}
