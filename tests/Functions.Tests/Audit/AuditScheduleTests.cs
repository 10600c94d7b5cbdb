using System.Diagnostics.Metrics;
using Azure;
using Azure.Data.Tables;
using Functions.Core.Audit;
using Functions.Core.Audit.Schedule;
using Functions.Core.Secrets;
using Functions.Hosting;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Functions.Tests.Audit;

/// <summary>
/// The scheduled verify and purge (<see cref="AuditSchedule"/>) against records the store wrote to Azurite, with a fake
/// clock for "now": what they find, log and measure, and what the purge deletes and records.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditScheduleTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string PromptCanary = "PROMPT-CANARY-9d41";
    private static readonly DateTimeOffset s_yesterday = new(2024, 10, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly AuditTestHost _host = new(azurite.ConnectionString);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 10, 8, 0, 30, 0, TimeSpan.Zero));
    private readonly FakeLoggerProvider _logs = new();
    private ServiceProvider? _services;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Verify_OverADayOfIntactRecords_ReportsNoProblemsAndEmitsTheMetrics()
    {
        await SeedAsync(s_yesterday, "v", 4);
        var schedule = Schedule(("Audit:Schedule:Verify", "true"));
        using var records = Collector("llm_facade.audit.verify.records");
        using var problems = Collector("llm_facade.audit.verify.problems");
        using var runs = Collector("llm_facade.audit.verify.runs");

        var verification = await schedule.VerifyPreviousDayAsync(CancellationToken.None);

        Assert.NotNull(verification);
        Assert.True(verification.Intact);
        Assert.Equal(new DateTimeOffset(2024, 10, 7, 0, 0, 0, TimeSpan.Zero), verification.From);
        Assert.Equal(4, Assert.Single(records.GetMeasurementSnapshot()).Value);
        Assert.Equal(["changed", "forged", "gap", "incomplete"], problems.GetMeasurementSnapshot().Select(m => (string)m.Tags["kind"]!).Order());
        Assert.All(problems.GetMeasurementSnapshot(), m => Assert.Equal(0, m.Value));
        Assert.Equal("intact", Assert.Single(runs.GetMeasurementSnapshot()).Tags["result"]);
        var line = Assert.Single(_logs.Collector.GetSnapshot(), r => r.Id.Id == 5040);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("of 2024-10-07: 4 records, 0 problems", line.Message);
        Assert.EndsWith("INTACT (audit verify over that day lists each finding)", line.Message);
    }

    [Fact]
    public async Task Verify_AfterARecordWasAlteredInTheTable_ReportsProblemsAndLogsAnErrorWithoutPromptText()
    {
        await SeedAsync(s_yesterday, "v", 3);
        var row = await RecordRowAsync("v-1");
        row["ResponseText"] = "Something else entirely";
        await _host.Tables.Records.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
        var schedule = Schedule(("Audit:Schedule:Verify", "true"));
        using var problems = Collector("llm_facade.audit.verify.problems");
        using var runs = Collector("llm_facade.audit.verify.runs");

        var verification = await schedule.VerifyPreviousDayAsync(CancellationToken.None);

        Assert.False(verification!.Intact);
        Assert.True(problems.GetMeasurementSnapshot().Sum(m => m.Value) > 0);
        Assert.Equal(1, Assert.Single(problems.GetMeasurementSnapshot(), m => Equals(m.Tags["kind"], "changed")).Value);
        Assert.Equal("not_intact", Assert.Single(runs.GetMeasurementSnapshot()).Tags["result"]);
        var line = Assert.Single(_logs.Collector.GetSnapshot(), r => r.Id.Id == 5040);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("3 records, 1 problems (1 changed, 0 gaps, 0 forged, 0 incomplete): NOT INTACT", line.Message);
        Assert.Equal("1", line.StructuredState!.Single(p => p.Key == "Problems").Value);
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), r => $"{r.Message} {r.Exception}".Contains(PromptCanary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_WithoutASealKey_LogsCountsAndThrows()
    {
        await SeedAsync(s_yesterday, "v", 1);
        var schedule = Schedule(("Audit:Schedule:Verify", "true"), ("Secrets:Values:audit-seal-key", ""));
        using var runs = Collector("llm_facade.audit.verify.runs");

        await Assert.ThrowsAsync<InvalidOperationException>(() => schedule.VerifyPreviousDayAsync(CancellationToken.None));

        Assert.Equal("failed", Assert.Single(runs.GetMeasurementSnapshot()).Tags["result"]);
        Assert.Equal(LogLevel.Error, Assert.Single(_logs.Collector.GetSnapshot(), r => r.Id.Id == 5041).Level);
    }

    [Fact]
    public async Task Purge_RemovesOnlyTheDaysOlderThanTheRetention_AndLeavesItsSealedEntry()
    {
        var october = new DateTimeOffset(2024, 10, 1, 9, 0, 0, TimeSpan.Zero);
        await SeedAsync(october, "a", 2);
        await SeedAsync(october.AddDays(3), "b", 1);
        await SeedAsync(october.AddDays(4), "c", 1);
        await SeedAsync(october.AddDays(6), "d", 2);
        _time.SetUtcNow(new DateTimeOffset(2024, 10, 8, 2, 30, 0, TimeSpan.Zero));
        var schedule = Schedule(("Audit:Schedule:Purge", "true"), ("Audit:Schedule:Verify", "true"), ("Audit:RetentionDays", "3"));
        using var purged = Collector("llm_facade.audit.purge.records");

        var entry = await schedule.PurgeExpiredDaysAsync(CancellationToken.None);

        // Kept: 2024-10-05 (3 days before today) and later; deleted: 2024-10-01 and 2024-10-04.
        Assert.NotNull(entry);
        Assert.Equal(new DateOnly(2024, 10, 5), entry.Before);
        Assert.Equal((2, 3L), (entry.Days, entry.Records));
        Assert.Equal(AuditSchedule.PurgedBy, entry.By);
        Assert.Equal(0, await CountAsync("20241001", "20241005"));
        Assert.True(await CountAsync("20241005", "20241006") > 0);
        Assert.True(await CountAsync("20241007", "20241008") > 0);
        var stored = Assert.Single(await _host.Tables.Records.QueryAsync<TableEntity>(e => e.PartitionKey == "purge").ToListAsync());
        Assert.Equal("2024-10-05", stored.GetString("PurgedBefore"));
        Assert.Equal(3, Assert.Single(purged.GetMeasurementSnapshot()).Value);
        Assert.Contains("2 days, 3 records", Assert.Single(_logs.Collector.GetSnapshot(), r => r.Id.Id == 5042).Message);
        // The chain goes on past the purged days, and the purge entry verifies.
        Assert.True((await schedule.VerifyPreviousDayAsync(CancellationToken.None))!.Intact);
    }

    [Fact]
    public async Task Purge_WhenNoDayIsOlderThanTheRetention_DeletesNothingAndWritesNoEntry()
    {
        await SeedAsync(s_yesterday, "v", 2);
        var schedule = Schedule(("Audit:Schedule:Purge", "true"), ("Audit:RetentionDays", "30"));

        var entry = await schedule.PurgeExpiredDaysAsync(CancellationToken.None);

        Assert.Null(entry);
        Assert.Equal(2, await CountRecordsAsync(new DateOnly(2024, 10, 7)));
        Assert.Empty(await _host.Tables.Records.QueryAsync<TableEntity>(e => e.PartitionKey == "purge").ToListAsync());
    }

    [Fact]
    public async Task Jobs_WhenNotSwitchedOn_DoNothing()
    {
        await SeedAsync(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), "old", 1);
        var schedule = Schedule(("Audit:RetentionDays", "1"));

        Assert.False(schedule.Enabled);
        Assert.Null(await schedule.VerifyPreviousDayAsync(CancellationToken.None));
        Assert.Null(await schedule.PurgeExpiredDaysAsync(CancellationToken.None));
        Assert.Equal(1, await CountRecordsAsync(new DateOnly(2020, 1, 1)));
        Assert.Equal(2, _logs.Collector.GetSnapshot().Count(r => r.Id.Id == 5044));
    }

    [Fact]
    public async Task KestrelHostService_RunsTheVerifyAtItsTimeOfDay()
    {
        await SeedAsync(s_yesterday, "v", 2);
        _time.SetUtcNow(new DateTimeOffset(2024, 10, 8, 1, 0, 0, TimeSpan.Zero));
        var schedule = Schedule(("Audit:Schedule:Verify", "true"));
        using var runs = Collector("llm_facade.audit.verify.runs");
        using var service = new AuditScheduleService(schedule, _time);

        await service.StartAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(100);
        var early = runs.GetMeasurementSnapshot().Count;
        _time.Advance(TimeSpan.FromMinutes(1));
        await runs.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.Equal("intact", Assert.Single(runs.GetMeasurementSnapshot()).Tags["result"]);
    }

    /// <summary>The job as the facade registers it, on the test host's table, sealing keys from <c>Secrets:Values</c>.</summary>
    private AuditSchedule Schedule(params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = _host.TableName,
            ["Secrets:Values:audit-seal-key"] = AuditTestHost.SealKey,
        };
        foreach (var (key, value) in settings) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_logs))
            .AddSingleton<TimeProvider>(_time)
            .AddSecretStore(configuration)
            .AddAuditStore(configuration)
            .AddAuditSchedule(configuration)
            .BuildServiceProvider();
        return _services.GetRequiredService<AuditSchedule>();
    }

    private MetricCollector<long> Collector(string instrument) =>
        new(_services!.GetRequiredService<IMeterFactory>(), "LlmFacade", instrument);

    private async Task SeedAsync(DateTimeOffset at, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var time = at.AddMinutes(i);
            var prompt = $"{{\"messages\":[{{\"role\":\"user\",\"content\":\"{PromptCanary}\"}}]}}";
            await _host.CallAsync(AuditTestHost.Start($"{prefix}-{i}", time, prompt: prompt), AuditTestHost.Completion($"{prefix}-{i}", time.AddSeconds(2)));
        }
    }

    private async Task<TableEntity> RecordRowAsync(string requestId)
    {
        var record = Assert.Single(await _host.Reader.FindByRequestIdAsync(requestId, CancellationToken.None));
        return (await _host.Tables.Records.GetEntityAsync<TableEntity>(record.Summary.RecordPartitionKey, record.Summary.RecordRowKey)).Value;
    }

    /// <summary>Rows of the day lanes from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), yyyyMMdd.</summary>
    private async Task<int> CountAsync(string from, string to) =>
        await _host.Tables.Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}")).CountAsync();

    private Task<int> CountRecordsAsync(DateOnly day) => _host.Reader.ListDayAsync(day, CancellationToken.None).CountAsync().AsTask();
}
