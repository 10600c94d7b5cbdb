using System.Text;
using Functions.Core.Audit;
using Functions.Core.Chat;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Audit;

/// <summary>The audit store's lifecycle, keys and reader against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AuditTestHost _host = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task BeginThenComplete_WritesOneWholeRecord_FoundByRequestIdAndDay()
    {
        var time = DateTimeOffset.UtcNow;
        await _host.Store.BeginAsync(AuditTestHost.Start("req-1", time), CancellationToken.None);
        await _host.Store.CompleteAsync(AuditTestHost.Completion("req-1", time.AddSeconds(1)), CancellationToken.None);

        var record = Assert.Single(await _host.Reader.FindByRequestIdAsync("req-1", CancellationToken.None));
        var day = await _host.Reader.ListDayAsync(DateOnly.FromDateTime(time.UtcDateTime), CancellationToken.None).ToListAsync();

        Assert.Equal("req-1", record.Summary.RequestId);
        Assert.Equal(time, record.Summary.Time);
        Assert.Equal("alice", record.Summary.Caller);
        Assert.Equal("unified", record.Summary.Route);
        Assert.Equal("baidu", record.Summary.Provider);
        Assert.Equal("ernie-4.0", record.Summary.Model);
        Assert.True(record.Summary.Stream);
        Assert.Equal("completed", record.Summary.Outcome);
        Assert.Equal(200, record.Summary.Status);
        Assert.Equal((10, 5, 15), (record.Summary.PromptTokens, record.Summary.CompletionTokens, record.Summary.TotalTokens));
        Assert.Equal("stop", record.Summary.FinishReason);
        Assert.Equal("normal", record.RawFinishReason);
        Assert.Equal(120.25, record.Summary.TimeToFirstTokenMs);
        Assert.Equal(850.5, record.Summary.DurationMs);
        Assert.Equal("api-key", record.CallerMethod);
        Assert.Equal("app-1", record.CallerAppId);
        Assert.Equal("tenant-1", record.CallerTenantId);
        Assert.Equal("{\"messages\":[]}", record.PromptReceived);
        Assert.Equal("{\"sent\":{\"messages\":[]}}", record.PromptSent);
        Assert.Equal("Hello!", record.ResponseText);
        Assert.Equal("OpenAI/.NET 2.15.0", record.UserAgent);
        Assert.Equal("inv-req-1", record.InvocationId);
        Assert.Equal(12.5, record.PrefillTimeMs);
        Assert.Equal(new AuditDecodeStats(5, 20.5, 19, 40), record.DecodeTimeStats);
        Assert.Equal("up-req-1", record.UpstreamRequestId);
        Assert.Equal("req-1", Assert.Single(day).RequestId);
    }

    [Fact]
    public async Task ThreeMebibytePrompt_OfCjkAndEmoji_RoundTripsByteForByte()
    {
        var prompt = BuildText(3 * 1024 * 1024, seed: 1);
        var response = BuildText(3 * 1024 * 1024, seed: 2);
        var time = DateTimeOffset.UtcNow;
        var start = AuditTestHost.Start("big-1", time) with { PromptReceived = prompt, PromptSent = prompt + "!" };

        await _host.Store.BeginAsync(start, CancellationToken.None);
        await _host.Store.CompleteAsync(AuditTestHost.Completion("big-1", time) with { ResponseText = response }, CancellationToken.None);
        var record = Assert.Single(await _host.Reader.FindByRequestIdAsync("big-1", CancellationToken.None));
        var continuationRows = await _host.Reader.ScanAllRowsAsync(CancellationToken.None)
            .Where(r => r.Entity.RowKey.StartsWith('~')).CountAsync();

        Assert.True(Encoding.UTF8.GetByteCount(prompt) >= 3 * 1024 * 1024);
        Assert.Equal(Encoding.UTF8.GetBytes(prompt), Encoding.UTF8.GetBytes(record.PromptReceived!));
        Assert.Equal(Encoding.UTF8.GetBytes(prompt + "!"), Encoding.UTF8.GetBytes(record.PromptSent!));
        Assert.Equal(Encoding.UTF8.GetBytes(response), Encoding.UTF8.GetBytes(record.ResponseText!));
        Assert.True(continuationRows >= 6, $"expected the texts to span continuation rows, found {continuationRows}");
    }

    [Fact]
    public async Task TwoHundredConcurrentCalls_LeaveTwoHundredCompleteRecords_WrittenInGroupCommits()
    {
        var time = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 200).Select(i => $"c-{i:D3}").ToList();

        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            await _host.Store.BeginAsync(AuditTestHost.Start(id, time.AddTicks(i)), CancellationToken.None);
            await _host.Store.CompleteAsync(AuditTestHost.Completion(id, time.AddTicks(i)), CancellationToken.None);
        }));
        var listed = await _host.Reader.ListDayAsync(DateOnly.FromDateTime(time.UtcDateTime), CancellationToken.None).ToListAsync();
        var statistics = _host.Store.Statistics;
        var committer = statistics.Committer;

        Assert.Equal(ids.Order(), listed.Select(s => s.RequestId).Order());
        Assert.All(listed, s => Assert.Equal(("completed", 200), (s.Outcome, s.Status)));
        Assert.Equal((200, 200, 0L), (statistics.Begun, statistics.Completed, statistics.Refused));
        Assert.True(committer.Transactions > 0, "no entity group transaction was sent");
        Assert.True(committer.LargestTransaction > 1);
        // A record, a completion (record merge and caller row in one write) and a request id row per call.
        Assert.Equal(200 * 4, committer.Operations);
        Assert.True(committer.Requests * 2 < committer.Operations, $"{committer.Requests} requests for {committer.Operations} operations: writes were not grouped");
        Assert.Equal((0, 0), (committer.WaitingOperations, committer.InFlightOperations));
    }

    [Fact]
    public async Task CallsWithTheFacadesTimeOrderedIds_AreFoundByIdWithoutAnIndexRow_ThreeOperationsEach()
    {
        var time = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 50).Select(_ => Guid.CreateVersion7(time).ToString("N")).ToList();
        var stale = Guid.CreateVersion7(time.AddDays(-3)).ToString("N");

        await Task.WhenAll(ids.Select(id => _host.CallAsync(AuditTestHost.Start(id, time), AuditTestHost.Completion(id, time))));
        await _host.CallAsync(AuditTestHost.Start(stale, time), AuditTestHost.Completion(stale, time));
        var found = await Task.WhenAll(ids.Append(stale).Select(id => _host.Reader.FindByRequestIdAsync(id, CancellationToken.None)));
        var indexRows = await _host.Reader.ScanAllRowsAsync(CancellationToken.None).Where(r => r.Entity.PartitionKey.StartsWith("r-", StringComparison.Ordinal)).ToListAsync();

        Assert.All(found.Zip(ids.Append(stale)), f => Assert.Equal(f.Second, Assert.Single(f.First).Summary.RequestId));
        // The id whose time is days from the call's places nothing: it has the one index row.
        Assert.Equal(stale, Assert.Single(indexRows).Entity.GetString("RequestId"));
        Assert.Equal(50 * 3 + 4, _host.Store.Statistics.Committer.Operations);
    }

    [Fact]
    public async Task ListDay_ReturnsNewestFirstAcrossShards()
    {
        var day = new DateTimeOffset(2024, 5, 6, 0, 0, 0, TimeSpan.Zero);
        var times = Enumerable.Range(0, 40).Select(i => day.AddMinutes(i * 7)).ToList();
        await Task.WhenAll(times.Select(t => _host.Store.BeginAsync(AuditTestHost.Start($"n-{t:HHmm}", t), CancellationToken.None)));
        await _host.Store.BeginAsync(AuditTestHost.Start("next-day", day.AddDays(1)), CancellationToken.None);

        var listed = await _host.Reader.ListDayAsync(DateOnly.FromDateTime(day.UtcDateTime), CancellationToken.None).ToListAsync();

        Assert.Equal(times.OrderDescending(), listed.Select(s => s.Time!.Value));
    }

    [Fact]
    public async Task ByCaller_OverARange_ListsThatCallersCompletedCallsAcrossDaysNewestFirst()
    {
        var day = new DateTimeOffset(2024, 7, 1, 12, 0, 0, TimeSpan.Zero);
        foreach (var (id, caller, time) in new[] { ("b-1", "bob", day.AddDays(-1)), ("b-2", "bob", day), ("b-3", "bob", day.AddDays(1)), ("a-1", "alice", day), ("b-out", "bob", day.AddDays(5)), ("bobby", "bob-2", day) })
        {
            await _host.CallAsync(AuditTestHost.Start(id, time, caller: caller), AuditTestHost.Completion(id, time.AddSeconds(1)));
        }

        await _host.Store.BeginAsync(AuditTestHost.Start("b-open", day, caller: "bob"), CancellationToken.None);
        var bob = await _host.Reader.ListByCallerAsync("bob", day.AddDays(-1), day.AddDays(1), CancellationToken.None).ToListAsync();

        Assert.Equal(["b-3", "b-2", "b-1"], bob.Select(s => s.RequestId));
        Assert.All(bob, s => Assert.Equal(("bob", "completed", 200, 15), (s.Caller, s.Outcome, s.Status, s.TotalTokens)));
    }

    [Fact]
    public async Task ListDay_MergesTheLanesOfSeveralInstancesNewestFirst()
    {
        // Records of other instances sit in other lanes of the same day.
        var day = new DateTimeOffset(2024, 6, 9, 0, 0, 0, TimeSpan.Zero);
        var committer = new Functions.Core.Audit.GroupCommit.TableGroupCommitter(new(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Functions.Core.Audit.GroupCommit.TableGroupCommitter>.Instance);
        await _host.Tables.EnsureCreatedAsync(CancellationToken.None);
        var times = Enumerable.Range(0, 30).Select(i => day.AddMinutes(i * 11)).ToList();
        await Task.WhenAll(times.Select((t, i) =>
        {
            var plan = AuditRecordWriter.ForStart(AuditTestHost.Start($"l-{i:D2}", t), AuditKeys.ForRecord($"l-{i:D2}", t, lane: i % AuditKeys.LaneCount));
            return committer.SubmitAsync(new Functions.Core.Audit.GroupCommit.TableWrite(_host.Tables.Records, plan.RecordWrite, Functions.Core.Audit.GroupCommit.TableWritePriority.Urgent), CancellationToken.None);
        }));

        var listed = await _host.Reader.ListDayAsync(DateOnly.FromDateTime(day.UtcDateTime), CancellationToken.None).ToListAsync();

        Assert.Equal(times.OrderDescending(), listed.Select(s => s.Time!.Value));
        Assert.Equal(AuditKeys.LaneCount, listed.Select(s => s.RecordPartitionKey).Distinct().Count());
    }

    [Fact]
    public async Task APromptSentAsReceived_IsStoredOnce_AndReadBackAsBoth()
    {
        var time = DateTimeOffset.UtcNow;
        var prompt = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 50_000) + "\"}]}";

        await _host.CallAsync(AuditTestHost.Start("same-1", time, prompt: prompt) with { PromptSent = prompt }, AuditTestHost.Completion("same-1", time));
        var record = Assert.Single(await _host.Reader.FindByRequestIdAsync("same-1", CancellationToken.None));
        var stored = await _host.Reader.ScanAllRowsAsync(CancellationToken.None).Where(r => r.Entity.RowKey == record.Summary.RecordRowKey).SingleAsync();

        Assert.Equal((prompt, prompt, true), (record.PromptReceived, record.PromptSent, record.PromptSentIsReceived));
        Assert.True(stored.Entity.GetBoolean("PromptSentIsReceived"));
        Assert.False(stored.Entity.ContainsKey("PromptSent"));
    }

    [Fact]
    public async Task FlaggedCalls_AreIndexedAtCompletion_AndListedOverARange()
    {
        var time = new DateTimeOffset(2024, 8, 2, 9, 0, 0, TimeSpan.Zero);
        var calls = new (string Id, string Caller, int? Flag, bool? Clear)[]
        {
            ("f-flag2", "carol", 2, false), ("f-clear", "carol", 0, true), ("f-clean", "carol", 0, false), ("f-other", "dave", 1, null),
        };
        foreach (var (call, i) in calls.Select((c, i) => (c, i)))
        {
            await _host.Store.BeginAsync(AuditTestHost.Start(call.Id, time.AddMinutes(i), caller: call.Caller), CancellationToken.None);
            await _host.Store.CompleteAsync(AuditTestHost.Completion(call.Id, time.AddMinutes(i), call.Flag, call.Clear), CancellationToken.None);
        }

        var flagged = await _host.Reader.ListFlaggedAsync(time.AddHours(-1), time.AddHours(1), CancellationToken.None).ToListAsync();
        var carols = await _host.Reader.QueryAsync(new AuditQuery { From = time, To = time.AddHours(1), Caller = "carol", FlaggedOnly = true }, CancellationToken.None).ToListAsync();

        Assert.Equal(["f-other", "f-clear", "f-flag2"], flagged.Select(s => s.RequestId));
        Assert.Equal(["f-clear", "f-flag2"], carols.Select(s => s.RequestId));
        Assert.Equal(2, carols[1].Flag);
        Assert.Equal(3, carols[1].BanRound);
        Assert.True(carols[0].NeedClearHistory);
        Assert.All(flagged, s => Assert.Equal("ernie-4.0", s.Model));
    }

    [Fact]
    public async Task CompleteWithoutBegin_WritesARecordOfItsOwn()
    {
        var time = DateTimeOffset.UtcNow;

        await _host.Store.CompleteAsync(AuditTestHost.Completion("lonely", time) with { Outcome = CallOutcome.Rejected, Status = 400, ErrorCode = "invalid_request" }, CancellationToken.None);
        var record = Assert.Single(await _host.Reader.FindByRequestIdAsync("lonely", CancellationToken.None));

        Assert.Equal(("rejected", 400), (record.Summary.Outcome, record.Summary.Status));
        Assert.Equal("invalid_request", record.ErrorCode);
        Assert.Null(record.PromptReceived);
    }

    [Fact]
    public async Task RequestIdsWithKeyForbiddenCharacters_AreStoredAndFound()
    {
        const string odd = "a/b\\c#d?e'f 世😀\u0001";
        var time = DateTimeOffset.UtcNow;
        await _host.Store.BeginAsync(AuditTestHost.Start(odd, time), CancellationToken.None);
        await _host.Store.CompleteAsync(AuditTestHost.Completion(odd, time), CancellationToken.None);

        var record = Assert.Single(await _host.Reader.FindByRequestIdAsync(odd, CancellationToken.None));

        Assert.Equal(odd, record.Summary.RequestId);
        Assert.Equal("completed", record.Summary.Outcome);
    }

    [Fact]
    public async Task ScanAllRows_SeesEveryStoredProperty_IncludingContinuationRows()
    {
        const string canary = "CANARY-5d1f0e";
        var prompt = BuildText(1_500_000, seed: 3) + canary;
        await _host.Store.BeginAsync(AuditTestHost.Start("scan-1", DateTimeOffset.UtcNow, prompt: prompt), CancellationToken.None);

        var hits = await _host.Reader.ScanAllRowsAsync(CancellationToken.None)
            .Where(r => r.Entity.Any(p => p.Value is string s && s.Contains(canary, StringComparison.Ordinal)))
            .ToListAsync();

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.StartsWith("~", h.Entity.RowKey));
        Assert.All(hits, h => Assert.Equal(_host.TableName, h.Table));
    }

    /// <summary>At least <paramref name="utf8Bytes"/> bytes of CJK, emoji (non-BMP) and ASCII, surrogate pairs at every offset.</summary>
    internal static string BuildText(int utf8Bytes, int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder();
        var bytes = 0;
        while (bytes < utf8Bytes)
        {
            var piece = random.Next(10) switch
            {
                < 5 => ((char)random.Next(0x4E00, 0x9FFF)).ToString(),
                < 8 => char.ConvertFromUtf32(random.Next(0x1F300, 0x1FAFF)),
                8 => char.ConvertFromUtf32(random.Next(0x20000, 0x2A6DF)),
                _ => "a\"\\\n",
            };
            builder.Append(piece);
            bytes += Encoding.UTF8.GetByteCount(piece);
        }

        return builder.ToString();
    }
}
