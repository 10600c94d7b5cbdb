using Functions.Core.Audit;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Audit;

/// <summary>
/// Requests refused before routing, recorded through the store against a real Azurite: one record each while the
/// store keeps up, counted in summary rows beyond the configured rate or while the store is overloaded or down,
/// never lost.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditRejectionTests(AzuriteFixture azurite)
{
    private const string Key = "sk-canary-key-3f9c1d";

    [Fact]
    public async Task RefusedRequests_401_400_404_413_LeaveOneRecordEach_FoundByIdDayAndCaller_WithoutTheKey()
    {
        await using var host = new AuditTestHost(azurite.ConnectionString);
        var time = DateTimeOffset.UtcNow;
        var rejections = new[]
        {
            Rejection("rej-401", time, 401, "invalid_api_key") with { KeyFingerprint = "kf-1a2b3c4d", Path = "/v1/chat/completions" },
            Rejection("rej-400", time.AddMilliseconds(1), 400, "invalid_request_error") with { Caller = "alice", CallerMethod = "api-key", BodyBytes = 17 },
            Rejection("rej-404", time.AddMilliseconds(2), 404, "model_not_found") with { Caller = "alice", CallerMethod = "api-key" },
            Rejection("rej-413", time.AddMilliseconds(3), 413, "request_too_large") with { Caller = "bob", BodyBytes = 5_000_000 },
        };

        foreach (var rejection in rejections)
        {
            host.Store.RecordRejected(rejection);
        }

        await host.Store.FlushAsync(CancellationToken.None);
        var records = new Dictionary<string, AuditRecord>();
        foreach (var rejection in rejections)
        {
            records[rejection.RequestId] = Assert.Single(await host.Reader.FindByRequestIdAsync(rejection.RequestId, CancellationToken.None));
        }

        var day = await host.Reader.ListDayAsync(DateOnly.FromDateTime(time.UtcDateTime), CancellationToken.None).ToListAsync();
        var alice = await host.Reader.ListByCallerAsync("alice", time.AddMinutes(-1), time.AddMinutes(1), CancellationToken.None).ToListAsync();
        var rows = await host.Reader.ScanAllRowsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["rej-413", "rej-404", "rej-400", "rej-401"], day.Select(s => s.RequestId));
        Assert.All(day, s => Assert.Equal("rejected", s.Outcome));
        Assert.Equal([413, 404, 400, 401], day.Select(s => s.Status!.Value));
        Assert.Equal(["rej-404", "rej-400"], alice.Select(s => s.RequestId));
        var unknown = records["rej-401"];
        Assert.Equal(("kf-1a2b3c4d", "invalid_api_key", "203.0.113.7", "POST", "/v1/chat/completions"),
            (unknown.KeyFingerprint, unknown.ErrorCode, unknown.ClientAddress, unknown.Summary.HttpMethod, unknown.Summary.Path));
        Assert.Null(unknown.Summary.Caller);
        Assert.Equal((5_000_000L, "bob"), (records["rej-413"].BodyBytes!.Value, records["rej-413"].Summary.Caller));
        Assert.Equal("curl/8.5.0", records["rej-400"].UserAgent);
        Assert.DoesNotContain(rows, r => r.Entity.Any(p => p.Value is string s && s.Contains(Key, StringComparison.Ordinal)));
        Assert.Equal((4L, 0L, 0L), (host.Store.Statistics.RejectionsRecorded, host.Store.Statistics.RejectionsSummarised, host.Store.Statistics.RejectionsPending));
    }

    [Fact]
    public async Task AFloodBeyondTheRecordRate_IsCountedInASummaryRow_ByStatusAndCode_NoneLost()
    {
        await using var host = new AuditTestHost(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:RejectionRecordsPerSecond"] = "5" });
        var time = DateTimeOffset.UtcNow;

        for (var i = 0; i < 300; i++)
        {
            host.Store.RecordRejected(i % 3 == 0
                ? Rejection($"flood-{i:D3}", time.AddTicks(i), 429, "rate_limit_exceeded")
                : Rejection($"flood-{i:D3}", time.AddTicks(i), 401, "invalid_api_key"));
        }

        await host.Store.FlushAsync(CancellationToken.None);
        var statistics = host.Store.Statistics;
        var recorded = await host.Reader.ListDayAsync(DateOnly.FromDateTime(time.UtcDateTime), CancellationToken.None).ToListAsync();
        var summaries = await host.Reader.ListRejectionSummariesAsync(time.AddMinutes(-1), time.AddMinutes(1), CancellationToken.None).ToListAsync();

        Assert.InRange(statistics.RejectionsRecorded, 5, 10);
        Assert.Equal(300, statistics.RejectionsRecorded + statistics.RejectionsSummarised);
        Assert.Equal(statistics.RejectionsRecorded, recorded.Count);
        var summary = Assert.Single(summaries);
        Assert.Equal(statistics.RejectionsSummarised, summary.Count);
        Assert.Equal(300, recorded.Count(r => r.Status == 429) + recorded.Count(r => r.Status == 401) + summary.ByStatus.Values.Sum());
        Assert.Equal(100, recorded.Count(r => r.Status == 429) + summary.ByStatus.GetValueOrDefault(429));
        Assert.Equal(summary.ByStatus.GetValueOrDefault(401), summary.ByErrorCode.GetValueOrDefault("invalid_api_key"));
        Assert.Equal(0L, statistics.RejectionsPending);
    }

    [Fact]
    public async Task RejectionsWhileTheStoreIsDown_WaitForItWithinTheirBound_AndTheRestAreCounted_NoneLost()
    {
        var fault = new TableFaultPolicy();
        await using var host = new AuditTestHost(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Audit:RejectionRecordsPerSecond"] = "100000" }, policies: fault);
        var time = DateTimeOffset.UtcNow;
        await host.Tables.EnsureCreatedAsync(CancellationToken.None);
        fault.Down = true;

        var count = AuditRejectionRecorderBound + 150;
        for (var i = 0; i < count; i++)
        {
            host.Store.RecordRejected(Rejection($"down-{i:D4}", time.AddTicks(i), 401, "invalid_api_key"));
        }

        var whileDown = host.Store.Statistics;
        fault.Down = false;
        await host.Store.FlushAsync(CancellationToken.None);
        var statistics = host.Store.Statistics;
        var recorded = await host.Reader.ListDayAsync(DateOnly.FromDateTime(time.UtcDateTime), CancellationToken.None).CountAsync();
        var summarised = await host.Reader.ListRejectionSummariesAsync(time.AddMinutes(-1), time.AddMinutes(1), CancellationToken.None).Select(s => s.Count).SumAsync();

        Assert.Equal(count, whileDown.RejectionsPending);
        Assert.Equal(AuditRejectionRecorderBound, statistics.RejectionsRecorded);
        Assert.Equal((long)count, recorded + summarised);
        Assert.Equal(0L, statistics.RejectionsPending);
    }

    private const int AuditRejectionRecorderBound = 1_000;

    private static AuditRejection Rejection(string requestId, DateTimeOffset time, int status, string code) => new()
    {
        RequestId = requestId,
        Time = time,
        Status = status,
        ErrorCode = code,
        ErrorMessage = $"refused: {code}",
        ClientAddress = "203.0.113.7",
        HttpMethod = "POST",
        Path = "/v1/chat/completions",
        UserAgent = "curl/8.5.0",
    };
}
