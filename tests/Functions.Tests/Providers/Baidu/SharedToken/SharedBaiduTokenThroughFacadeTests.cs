using System.Net;
using System.Text;
using Emulators.Baidu;
using Functions.Core.Audit;
using Azure.Data.Tables;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Functions.Tests.Providers.Baidu.SharedToken;

/// <summary>
/// Two facade instances (two hosts) in front of one Baidu emulator, sharing the access token through a table of
/// one Azurite: one token request between them, one refresh when Baidu expires it, each on its own when the
/// table is unreachable, and the token never in a log line or an audit row.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedBaiduTokenThroughFacadeTests(AzuriteFixture azurite)
{
    private readonly string _tokenTable = AzuriteFixture.NewTableName("Tokens");
    private readonly string _auditTable = AzuriteFixture.NewTableName("Audit");

    [Fact]
    public async Task TwoInstances_MakeOneTokenRequestForCallsOnBoth()
    {
        var emulator = new BaiduEmulator { TokenDelay = TimeSpan.FromMilliseconds(300) };
        await using var a = await StartAsync(emulator, Shared());
        await using var b = await StartAsync(emulator, Shared());

        var statuses = await CallBothAsync(a, b, callsEach: 3);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(1, emulator.TokenRequestCount);
    }

    [Fact]
    public async Task ATokenBaiduExpired_IsRefreshedOnceForBothInstances()
    {
        var emulator = new BaiduEmulator { TokenDelay = TimeSpan.FromMilliseconds(300) };
        await using var a = await StartAsync(emulator, Shared());
        await using var b = await StartAsync(emulator, Shared());
        await CallBothAsync(a, b, callsEach: 1);

        emulator.ExpireAllTokens();
        var statuses = await CallBothAsync(a, b, callsEach: 2);
        var later = await CallBothAsync(a, b, callsEach: 1);

        Assert.All(statuses.Concat(later), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(emulator.TokenRejections >= 2, $"both instances met the expired token ({emulator.TokenRejections} rejections)");
        Assert.Equal(2, emulator.TokenRequestCount);
    }

    [Fact]
    public async Task WithTheStorageUnreachable_CallsStillSucceedEachInstanceMintingItsOwn()
    {
        var emulator = new BaiduEmulator();
        var logs = new FakeLoggerProvider();
        var down = new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = ClosedPortConnectionString(),
            ["Audit:FailClosed"] = "false",
            ["Audit:WriteTimeout"] = "00:00:00.200",
            ["Providers:Baidu:SharedToken:StoreTimeout"] = "00:00:01",
        };
        await using var a = await StartAsync(emulator, down, logs);
        await using var b = await StartAsync(emulator, down, logs);

        var before = await CallBothAsync(a, b, callsEach: 1);
        emulator.ExpireAllTokens();
        var after = await CallBothAsync(a, b, callsEach: 1);

        Assert.All(before.Concat(after), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(4, emulator.TokenRequestCount);
        // Once per instance and outage, although each instance fetched twice.
        Assert.Equal(2, Lines(logs).Count(l => l.Contains("shared Baidu token table", StringComparison.Ordinal) && l.Contains("is unavailable", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WithSharingTurnedOff_EachInstanceGetsItsOwnToken()
    {
        var emulator = new BaiduEmulator();
        var settings = Shared();
        settings["Providers:Baidu:SharedToken:Enabled"] = "false";
        await using var a = await StartAsync(emulator, settings);
        await using var b = await StartAsync(emulator, settings);

        await CallBothAsync(a, b, callsEach: 1);

        Assert.Equal(2, emulator.TokenRequestCount);
    }

    [Fact]
    public async Task TheToken_IsNeverInALogLineAtTraceOrInTheAuditTables_AndOnlySealedInItsOwn()
    {
        var emulator = new BaiduEmulator { TokenDelay = TimeSpan.FromMilliseconds(100) };
        var logs = new FakeLoggerProvider();
        var settings = Shared();
        settings["Logging:LogLevel:Default"] = "Trace";
        await using var a = await StartAsync(emulator, settings, logs);
        await using var b = await StartAsync(emulator, settings, logs);

        await CallBothAsync(a, b, callsEach: 2);
        emulator.ExpireAllTokens();
        await CallBothAsync(a, b, callsEach: 2, stream: true);
        foreach (var env in new[] { a, b }) await env.Facade.Services.GetRequiredService<AuditCompletionWriter>().DrainAsync();
        var auditRows = await a.Facade.Services.GetRequiredService<AuditReader>().ScanAllRowsAsync(CancellationToken.None).ToListAsync();
        var tokenRows = await new TableServiceClient(azurite.ConnectionString).GetTableClient(_tokenTable).QueryAsync<TableEntity>(cancellationToken: CancellationToken.None).ToListAsync();

        Assert.Equal(2, emulator.IssuedTokens.Count);
        Assert.Contains(Lines(logs), l => l.Contains("shared it with the other instances", StringComparison.Ordinal));
        BaiduTestHelpers.AssertNoSecrets(emulator, string.Join("\n", Lines(logs)));
        Assert.NotEmpty(auditRows);
        Assert.DoesNotContain(auditRows, r => r.Table.Equals(_tokenTable, StringComparison.OrdinalIgnoreCase));
        BaiduTestHelpers.AssertNoSecrets(emulator, Dump(auditRows.Select(r => r.Entity)));
        Assert.Single(tokenRows);
        BaiduTestHelpers.AssertNoSecrets(emulator, Dump(tokenRows));
    }

    [Fact]
    public async Task ATokenTableThatIsTheAuditTable_StopsStartUp()
    {
        var settings = Shared();
        settings["Providers:Baidu:SharedToken:TableName"] = _auditTable.ToUpperInvariant();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartAsync(new BaiduEmulator(), settings));

        Assert.StartsWith("Providers:Baidu:SharedToken:TableName", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Shared() => new()
    {
        ["Audit:ConnectionString"] = azurite.ConnectionString,
        ["Audit:TableName"] = _auditTable,
        // What is shared is under test, not how fast: a loaded test machine must not refuse calls.
        ["Audit:WriteTimeout"] = "00:00:15",
        ["Providers:Baidu:SharedToken:TableName"] = _tokenTable,
        ["Providers:Baidu:SharedToken:PollInterval"] = "00:00:00.050",
    };

    /// <summary>Every line logged, with its level, category and exception, to search.</summary>
    private static IEnumerable<string> Lines(FakeLoggerProvider logs) =>
        logs.Collector.GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception}");

    private static Task<BaiduEnvironment> StartAsync(BaiduEmulator emulator, Dictionary<string, string?> settings, FakeLoggerProvider? logs = null) =>
        BaiduEnvironment.StartAsync(settings, emulator, logs is null ? null : builder => builder.Logging.AddProvider(logs));

    /// <summary>Calls on both instances at once; the statuses.</summary>
    private static async Task<HttpStatusCode[]> CallBothAsync(BaiduEnvironment a, BaiduEnvironment b, int callsEach, bool stream = false)
    {
        var calls = new[] { a, b }.SelectMany(env => Enumerable.Range(0, callsEach).Select(async _ =>
        {
            using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "Hi", stream));
            await response.Content.ReadAsStringAsync();
            return response.StatusCode;
        }));
        return await Task.WhenAll(calls);
    }

    private static string Dump(IEnumerable<TableEntity> rows) => string.Join("\n", rows.SelectMany(row => row.Select(p =>
        $"{row.PartitionKey} {row.RowKey} {p.Key}={(p.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) + " " + Convert.ToBase64String(bytes) : p.Value)}")));

    private static string ClosedPortConnectionString() => AzuriteInstance.ConnectionStringFor(AzuriteInstance.FreePort());
}
