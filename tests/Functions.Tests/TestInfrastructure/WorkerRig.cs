using System.ClientModel;
using System.Net.Http.Headers;
using System.Reflection;
using Emulators;
using Emulators.Baidu;
using Emulators.Lanrui;
using Emulators.MindIE;
using Functions.Core.Audit;
using FunctionsTestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// The facade as Azure runs it: the built isolated worker (src/Functions, its own output folder) started by the
/// Functions test host, which speaks the host's gRPC protocol and forwards HTTP with x-ms-invocation-id; the three
/// provider emulators on Kestrel; the audit on Azurite. Settings reach the worker as environment variables, as app
/// settings do on Azure.
/// </summary>
public sealed class WorkerRig : IAsyncDisposable
{
    public const string CallerKey = FacadeHost.CallerKey;

    private readonly List<EmulatorServer> _servers;

    private WorkerRig(FunctionsHost host, LanruiEmulator lanrui, BaiduEmulator baidu, MindIEEmulator mindie, List<EmulatorServer> servers, string auditTable, string connectionString)
    {
        Host = host;
        Lanrui = lanrui;
        Baidu = baidu;
        MindIE = mindie;
        _servers = servers;
        AuditTable = auditTable;
        AuditConnectionString = connectionString;
        Http = host.CreateClient();
        Http.Timeout = TimeSpan.FromSeconds(60);
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CallerKey);
    }

    /// <summary>Where the worker was built (its own output folder, with functions.metadata and worker.config.json).</summary>
    public static string WorkerPath { get; } = Path.GetFullPath(typeof(WorkerRig).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FacadeWorkerPath").Value!);

    public FunctionsHost Host { get; }
    public LanruiEmulator Lanrui { get; }
    public BaiduEmulator Baidu { get; }
    public MindIEEmulator MindIE { get; }
    public string AuditTable { get; }
    public string AuditConnectionString { get; }

    /// <summary>An HttpClient of the host's front that sends the test caller's key.</summary>
    public HttpClient Http { get; }

    /// <summary>The model names of the three providers.</summary>
    public static TheoryData<string> Models => [LanruiEnvironment.Model, BaiduEnvironment.Model, MindIEEnvironment.Model];

    public static async Task<WorkerRig> StartAsync(AzuriteInstance azurite)
    {
        var lanrui = new LanruiEmulator();
        var baidu = new BaiduEmulator();
        var mindie = new MindIEEmulator();
        List<EmulatorServer> servers = [await EmulatorServer.StartAsync(lanrui), await EmulatorServer.StartAsync(baidu), await EmulatorServer.StartAsync(mindie)];
        var table = AzuriteFixture.NewTableName("Worker");
        var settings = new Dictionary<string, string>
        {
            ["Callers:0:Name"] = FacadeHost.CallerName,
            ["Callers:0:KeySha256"] = FacadeHost.Sha256(CallerKey),
            ["Models:0:Name"] = LanruiEnvironment.Model, ["Models:0:Provider"] = "lanrui", ["Models:0:Target"] = LanruiEnvironment.Target,
            ["Models:1:Name"] = BaiduEnvironment.Model, ["Models:1:Provider"] = "baidu", ["Models:1:Target"] = BaiduEnvironment.Target,
            ["Models:2:Name"] = MindIEEnvironment.Model, ["Models:2:Provider"] = "mindie", ["Models:2:Target"] = MindIEEnvironment.Target,
            ["Providers:Lanrui:BaseUrl"] = new Uri(servers[0].Address, "v1").ToString(),
            ["Providers:Baidu:BaseUrl"] = servers[1].Address.ToString(),
            ["Providers:MindIE:BaseUrl"] = new Uri(servers[2].Address, "v1").ToString(),
            ["Providers:Baidu:SharedToken:TableName"] = AzuriteFixture.NewTableName("Tokens"),
            ["Secrets:Values:lanrui-api-key"] = LanruiEmulator.DefaultApiKey,
            ["Secrets:Values:baidu-api-key"] = BaiduEmulator.DefaultApiKey,
            ["Secrets:Values:baidu-secret-key"] = BaiduEmulator.DefaultSecretKey,
            // A worker outside Development does not start with the audit on and no usable seal key.
            ["Secrets:Values:audit-seal-key"] = "worker-rig-test-seal-key-0123456789abcdef",
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = table,
            ["Audit:WriteTimeout"] = "00:00:15",
        };
        var host = await FunctionsHost.StartAsync(new FunctionsHostOptions
        {
            WorkerPath = WorkerPath,
            Settings = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value),
        });
        return new WorkerRig(host, lanrui, baidu, mindie, servers, table, azurite.ConnectionString);
    }

    /// <summary>The emulator serving <paramref name="model"/>.</summary>
    public EmulatorBase EmulatorFor(string model) => model switch
    {
        LanruiEnvironment.Model => Lanrui,
        BaiduEnvironment.Model => Baidu,
        _ => MindIE,
    };

    /// <summary>The official OpenAI .NET client pointed at the host's front.</summary>
    public ChatClient ChatClient(string model) =>
        new(model, new ApiKeyCredential(CallerKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(Host.BaseAddress, "v1"),
            NetworkTimeout = TimeSpan.FromSeconds(60),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });

    /// <summary>The audit trail the worker writes, read as a reviewer would.</summary>
    public AuditReader AuditReader() => new ServiceCollection()
        .AddLogging()
        .AddAuditStore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = AuditConnectionString,
            ["Audit:TableName"] = AuditTable,
        }).Build())
        .BuildServiceProvider()
        .GetRequiredService<AuditReader>();

    /// <summary>The host's and worker's log, for assertion messages.</summary>
    public string LogText() => string.Join(Environment.NewLine, Host.Log.Entries);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        foreach (var server in _servers) await server.DisposeAsync();
    }
}
