using System.Text;
using Azure;
using Azure.Data.Tables;
using Functions.Core.Audit;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Audit;

/// <summary>
/// <c>audit verify</c> against records the store wrote to Azurite, then tampered with through the Azure SDK as
/// someone with write access to the storage account could: a changed property, a deleted record, forged records,
/// a deleted day, a purge, another key.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditVerifyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset s_time = new(2024, 10, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly AuditTestHost _host = new(azurite.ConnectionString);
    private AuditCliRunner _cli = null!;

    public async Task InitializeAsync()
    {
        _cli = new AuditCliRunner(azurite.ConnectionString, _host.TableName);
        await SeedAsync(_host, s_time, "v", 6);
        var t = s_time.AddMinutes(30);
        // Long enough for continuation rows; a rejected request; a completion without a begin.
        await _host.CallAsync(AuditTestHost.Start("long-1", t, prompt: new string('字', 300_000)), AuditTestHost.Completion("long-1", t.AddSeconds(3), response: new string('答', 300_000)));
        _host.Store.RecordRejected(new AuditRejection { RequestId = "rej-1", Time = t.AddMinutes(1), Status = 401, ErrorCode = "invalid_api_key", HttpMethod = "POST", Path = "/v1/chat/completions" });
        await _host.Store.FlushAsync(CancellationToken.None);
        await _host.Store.CompleteAsync(AuditTestHost.Completion("lone-1", t.AddMinutes(2)), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Verify_UntouchedRange_ExitsZeroAndSaysIntact()
    {
        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(0, exit);
        Assert.Contains("9 records", output);
        Assert.Contains("0 changed, 0 gaps, 0 forged, 0 incomplete", output);
        Assert.EndsWith("INTACT", output.TrimEnd());
        Assert.DoesNotContain("NOT INTACT", output);
    }

    [Fact]
    public async Task Verify_AfterOnePropertyOfARecordWasChanged_NamesThatRequestIdAndFails()
    {
        var row = await RecordRowAsync("v-3");
        row["ResponseText"] = "Something else entirely";
        await _host.Tables.Records.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);

        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(1, exit);
        var finding = Assert.Single(Lines(output), l => l.StartsWith("CHANGED", StringComparison.Ordinal));
        Assert.Contains("v-3", finding);
        Assert.Contains("1 changed, 0 gaps, 0 forged", output);
        Assert.EndsWith("NOT INTACT", output.TrimEnd());
    }

    [Fact]
    public async Task Verify_AfterANumberWasRewrittenAsAnotherTypeOfTheSameValue_StaysIntact()
    {
        // The service hands a double written as 12.0 back as the integer 12: a seal covers values, not their types.
        var row = await RecordRowAsync("v-2");
        row["Status"] = 200L;
        row["PromptTokens"] = 10.0;
        await _host.Tables.Records.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);

        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(0, exit);
        Assert.EndsWith("INTACT", output.TrimEnd());
    }

    [Fact]
    public async Task Verify_AfterAContinuationRowChanged_NamesTheRecord()
    {
        var record = await RecordRowAsync("long-1");
        var prefix = $"~{record.RowKey}.";
        var part = await _host.Tables.Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {record.PartitionKey} and RowKey ge {prefix} and RowKey lt {prefix + "~"}")).FirstAsync();
        part["C00"] = "tampered";
        await _host.Tables.Records.UpdateEntityAsync(part, ETag.All, TableUpdateMode.Replace);

        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(1, exit);
        var finding = Assert.Single(Lines(output), l => l.StartsWith("CHANGED", StringComparison.Ordinal));
        Assert.Contains("long-1", finding);
        Assert.Contains("continuation row", finding);
    }

    [Fact]
    public async Task Verify_AfterOneRecordWasDeleted_ReportsTheGapByItsRequestId()
    {
        var row = await RecordRowAsync("v-4");
        await _host.Tables.Records.DeleteEntityAsync(row.PartitionKey, row.RowKey);

        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(1, exit);
        var gap = Assert.Single(Lines(output), l => l.StartsWith("GAP", StringComparison.Ordinal));
        Assert.Contains("v-4", gap);
        Assert.Contains("deleted", gap);
        Assert.Contains("0 changed, 1 gaps, 0 forged", output);
    }

    [Fact]
    public async Task Verify_AfterRecordsWereForged_ReportsEachByRequestId()
    {
        // One inserted plainly, one with the seal properties of a genuine record copied onto it.
        var genuine = await RecordRowAsync("v-1");
        var time = s_time.AddMinutes(45);
        var plain = new TableEntity(genuine.PartitionKey, $"{AuditKeys.InvertedTicks(time)}-forged-1")
        {
            ["SchemaVersion"] = 3, ["RequestId"] = "forged-1", ["Time"] = time, ["Caller"] = "alice", ["Outcome"] = "completed", ["Status"] = 200,
        };
        var copied = new TableEntity(genuine);
        copied.RowKey = $"{AuditKeys.InvertedTicks(time.AddSeconds(1))}-forged-2";
        copied["RequestId"] = "forged-2";
        copied["Time"] = time.AddSeconds(1);
        await _host.Tables.Records.AddEntityAsync(plain);
        await _host.Tables.Records.AddEntityAsync(copied);

        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(1, exit);
        var forged = Lines(output).Where(l => l.StartsWith("FORGED", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, forged.Count);
        Assert.Contains(forged, l => l.Contains("forged-1", StringComparison.Ordinal) && l.Contains("no seal", StringComparison.Ordinal));
        Assert.Contains(forged, l => l.Contains("forged-2", StringComparison.Ordinal) && l.Contains("claims link", StringComparison.Ordinal));
        Assert.Contains("0 changed, 0 gaps, 2 forged", output);
    }

    [Fact]
    public async Task Verify_RecordBegunAndNeverCompleted_IsReportedAsIncomplete()
    {
        await _host.Store.BeginAsync(AuditTestHost.Start("stuck-1", s_time.AddHours(2)), CancellationToken.None);

        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(1, exit);
        Assert.Contains("stuck-1", Assert.Single(Lines(output), l => l.StartsWith("INCOMPLETE", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Verify_AfterAWholeEarlierDayWasDeleted_ReportsTheGapItLeftInTheChain()
    {
        await SeedAsync(_host, s_time.AddDays(-1), "d", 3);
        await SeedAsync(_host, s_time.AddHours(3), "e", 2);
        await foreach (var row in _host.Tables.Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"20241006"} and PartitionKey lt {"20241007"}")))
        {
            await _host.Tables.Records.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-07T12:00Z", "--to", "2024-10-07");

        Assert.Equal(1, exit);
        Assert.Contains("d-2", Assert.Single(Lines(output), l => l.StartsWith("GAP", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Purge_ThenVerify_HonoursThePurgedDaysAndTheChainThatContinues()
    {
        await SeedAsync(_host, s_time.AddDays(-1), "d", 3);
        await SeedAsync(_host, s_time.AddHours(3), "e", 2);

        var (purgeExit, purgeOutput, _) = await _cli.RunAsync("purge", "--before", "2024-10-07", "--by", "retention-job");
        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-06", "--to", "2024-10-07");
        var left = await _host.Tables.Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"20241006"} and PartitionKey lt {"20241007"}")).CountAsync();

        Assert.Equal(0, purgeExit);
        Assert.Contains("purge #1: deleted 1 days (2024-10-06 .. 2024-10-06), 3 records", purgeOutput);
        Assert.Equal(0, left);
        Assert.Equal(0, exit);
        Assert.Contains("PURGED      days before 2024-10-07 (3 records) by retention-job", output);
        Assert.EndsWith("INTACT", output.TrimEnd());
    }

    [Fact]
    public async Task Verify_AfterAPurgeEntryWasDeletedOrForged_ReportsIt()
    {
        await SeedAsync(_host, s_time.AddDays(-1), "d", 1);
        await _cli.RunAsync("purge", "--before", "2024-10-06");
        await _cli.RunAsync("purge", "--before", "2024-10-07");
        await _host.Tables.Records.DeleteEntityAsync("purge", "0000000000000000001");
        await _host.Tables.Records.AddEntityAsync(new TableEntity("purge", "0000000000000000009") { ["PurgedBefore"] = "2024-10-08", ["PurgedBy"] = "mallory" });

        var (exit, output, _) = await _cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(1, exit);
        Assert.Contains(Lines(output), l => l.StartsWith("GAP", StringComparison.Ordinal) && l.Contains("purge entry #2 follows #0", StringComparison.Ordinal));
        Assert.Contains(Lines(output), l => l.StartsWith("FORGED", StringComparison.Ordinal) && l.Contains("purge entry 0000000000000000009", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_RecordsSealedWithARetiredKey_VerifyOnlyWhenThatKeyIsListed()
    {
        const string newKey = "the-next-audit-seal-key-after-rotation-42";
        // Another process of the same table, after the key was rotated (its disposal drops the table: at the end).
        await using var rotated = new AuditTestHost(azurite.ConnectionString, _host.TableName, new Dictionary<string, string?> { ["Secrets:Values:audit-seal-key"] = newKey });
        await SeedAsync(rotated, s_time.AddHours(4), "n", 2);

        var withRetired = await _cli.RunWithKeysAsync(newKey, $"some-older-key-that-is-long-enough-000\n{AuditTestHost.SealKey}", "verify", "--from", "2024-10-07", "--to", "2024-10-07");
        var withoutRetired = await _cli.RunWithKeysAsync(newKey, null, "verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(0, withRetired.Exit);
        Assert.Equal(1, withoutRetired.Exit);
        Assert.Equal(9, Lines(withoutRetired.Output).Count(l => l.StartsWith("FORGED", StringComparison.Ordinal) && l.Contains("which none of the given keys is", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Verify_RejectionsCountedInASummaryRow_AreSealedAsLinksToo()
    {
        // One rejection a second is recorded one by one; the rest of a burst is counted in a sealed summary row.
        await using var flooded = new AuditTestHost(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:RejectionRecordsPerSecond"] = "1", ["Audit:RejectionSummaryInterval"] = "00:00:01" });
        for (var i = 0; i < 5; i++)
        {
            flooded.Store.RecordRejected(new AuditRejection { RequestId = $"flood-{i}", Time = s_time.AddSeconds(i), Status = 401, ErrorCode = "invalid_api_key" });
        }

        await flooded.Store.FlushAsync(CancellationToken.None);
        using var cli = new AuditCliRunner(azurite.ConnectionString, flooded.TableName);
        var summaries = await flooded.Reader.ListRejectionSummariesAsync(s_time, s_time.AddMinutes(1), CancellationToken.None).ToListAsync();

        var (exit, output, _) = await cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");

        Assert.Equal(4, summaries.Sum(s => s.Count));
        Assert.Equal(0, exit);
        Assert.Contains("1 records, 0 continuation rows, 1 rejection summaries", output);
    }

    [Fact]
    public async Task SealKey_NeverAppearsInAnyRowLogOrMessage()
    {
        var (_, shortOutput, shortError) = await _cli.RunWithKeysAsync("too-short-key-value", null, "verify", "--from", "2024-10-07");
        var (_, wrongOutput, wrongError) = await _cli.RunWithKeysAsync("a-wrong-key-which-is-long-enough-to-be-used", null, "verify", "--from", "2024-10-07", "--to", "2024-10-07");
        var (_, output, error) = await _cli.RunAsync("verify", "--from", "2024-10-07", "--to", "2024-10-07");
        var rows = await _host.Reader.ScanAllRowsAsync(CancellationToken.None).ToListAsync();

        string[] secrets = [AuditTestHost.SealKey, Convert.ToBase64String(Encoding.UTF8.GetBytes(AuditTestHost.SealKey)), Convert.ToHexString(Encoding.UTF8.GetBytes(AuditTestHost.SealKey)),
            "too-short-key-value", "a-wrong-key-which-is-long-enough-to-be-used"];
        var everything = string.Join("\n", rows.SelectMany(r => r.Entity.Select(p => $"{p.Key}={p.Value}")).Concat(_host.Logs.Collector.GetSnapshot().Select(r => $"{r.Message} {r.Exception}"))
            .Append(shortOutput).Append(shortError).Append(wrongOutput).Append(wrongError).Append(output).Append(error));
        Assert.Contains("audit-seal-key is shorter than 32 characters", shortError);
        Assert.Contains("Seal", everything);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task SeedAsync(AuditTestHost host, DateTimeOffset at, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var time = at.AddMinutes(i);
            await host.CallAsync(AuditTestHost.Start($"{prefix}-{i}", time), AuditTestHost.Completion($"{prefix}-{i}", time.AddSeconds(2), flag: i % 3));
        }
    }

    private async Task<TableEntity> RecordRowAsync(string requestId)
    {
        var record = Assert.Single(await _host.Reader.FindByRequestIdAsync(requestId, CancellationToken.None));
        return (await _host.Tables.Records.GetEntityAsync<TableEntity>(record.Summary.RecordPartitionKey, record.Summary.RecordRowKey)).Value;
    }

    private static List<string> Lines(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];
}
