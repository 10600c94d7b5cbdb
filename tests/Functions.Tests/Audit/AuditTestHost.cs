using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Functions.Core.Audit;
using Functions.Core.Chat;
using Functions.Core.Callers;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;

namespace Functions.Tests.Audit;

/// <summary>
/// The audit store as the app registers it (<c>AddAuditStore</c>), on a table of its own, sealing with
/// <see cref="SealKey"/> (<c>Secrets:Values:audit-seal-key</c>); with pipeline policies, its Table client has them in
/// its pipeline (faults between it and Azurite). Every log line is kept in <see cref="Logs"/>.
/// </summary>
internal sealed class AuditTestHost : IAsyncDisposable
{
    /// <summary>The seal key of the test settings.</summary>
    public const string SealKey = "test-audit-seal-key-5f0c2a9e-only-for-tests";

    private readonly ServiceProvider _services;

    public AuditTestHost(string connectionString, string? tableName = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null, params HttpPipelinePolicy[] policies)
    {
        TableName = tableName ?? "Audit" + Guid.NewGuid().ToString("N")[..12];
        var values = new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = connectionString,
            ["Audit:TableName"] = TableName,
            ["Secrets:Values:audit-seal-key"] = SealKey,
            // Generous: the machine running the tests may be busy; the outage tests set their own.
            ["Audit:WriteTimeout"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(Logs));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (policies.Length > 0)
        {
            services.AddSingleton(AzuriteFixture.CreateServiceClient(connectionString, policies));
        }

        _services = services.AddAuditStore(configuration).BuildServiceProvider();
    }

    public string TableName { get; }

    /// <summary>Every line the store logged.</summary>
    public FakeLoggerProvider Logs { get; } = new();

    public IAuditStore Store => _services.GetRequiredService<IAuditStore>();

    public TableAuditStore TableStore => _services.GetRequiredService<TableAuditStore>();

    public AuditReader Reader => _services.GetRequiredService<AuditReader>();

    public AuditTables Tables => _services.GetRequiredService<AuditTables>();

    public static AuditStart Start(string requestId, DateTimeOffset time, string caller = "alice", string model = "ernie-4.0", string prompt = "{\"messages\":[]}") => new()
    {
        RequestId = requestId,
        Time = time,
        Caller = new Caller(caller, "api-key") { AppId = "app-1", TenantId = "tenant-1" },
        Route = AuditRoute.Unified,
        Provider = "baidu",
        Model = model,
        Target = "https://upstream.example/chat",
        Stream = true,
        PromptReceived = prompt,
        PromptSent = "{\"sent\":" + prompt + "}",
        UserAgent = "OpenAI/.NET 2.15.0",
        InvocationId = "inv-" + requestId,
    };

    public static AuditCompletion Completion(string requestId, DateTimeOffset time, int? flag = 0, bool? needClearHistory = false, string response = "Hello!") => new()
    {
        RequestId = requestId,
        Time = time,
        Outcome = CallOutcome.Completed,
        Status = 200,
        ResponseText = response,
        FinishReason = "stop",
        RawFinishReason = "normal",
        PromptTokens = 10,
        CompletionTokens = 5,
        TotalTokens = 15,
        NeedClearHistory = needClearHistory,
        Flag = flag,
        BanRound = flag > 0 ? 3 : null,
        IsTruncated = false,
        PrefillTimeMs = 12.5,
        DecodeTimeStats = new AuditDecodeStats(5, 20.5, 19, 40),
        TimeToFirstTokenMs = 120.25,
        DurationMs = 850.5,
        UpstreamRequestId = "up-" + requestId,
    };

    /// <summary>Begins and completes one call.</summary>
    public async Task CallAsync(AuditStart start, AuditCompletion completion)
    {
        await Store.BeginAsync(start, CancellationToken.None);
        await Store.CompleteAsync(completion, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        var tables = Tables;
        await _services.DisposeAsync();
        try
        {
            await tables.Service.DeleteTableAsync(TableName);
        }
        catch (Azure.RequestFailedException)
        {
            // Azurite is stopped or gone: its temporary data goes with it.
        }
    }
}
