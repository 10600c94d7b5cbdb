using System.Globalization;

namespace Reliability.Runner;

/// <summary>
/// Everything the run starts, on free loopback ports: Azurite (its data on disk, so a stop and start keeps it), the
/// provider emulators with their control surface and the Key Vault stand-in, and facades configured for a phase.
/// </summary>
public sealed class Stack : IAsyncDisposable
{
    // Azurite's well-known development account (public, documented by Microsoft).
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string LanruiModel = "lanrui-llama";
    public const string BaiduModel = "ernie-speed";
    public const string BaiduEndpoint = "ernie-speed-128k";
    public const string MindIEModel = "mindie-qwen";
    public const string MindIETarget = "qwen2.5-7b-instruct";

    /// <summary>The facade's provider time limits in this run: short, so timeouts are tested in seconds.</summary>
    public static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(3);

    private readonly RunOptions _options;
    private readonly Canaries _canaries;
    private ManagedProcess? _azurite;
    private ManagedProcess? _emulators;
    private StorageProxy? _storage;

    public Stack(RunOptions options, Canaries canaries, string work)
    {
        _options = options;
        _canaries = canaries;
        Work = work;
        Logs = Path.Combine(work, "logs");
        Directory.CreateDirectory(Logs);
    }

    public string Work { get; }
    public string Logs { get; }
    public int AzuritePort { get; } = Ports.Free();

    /// <summary>Where the facades reach the audit store: <see cref="StorageProxy"/> in front of Azurite.</summary>
    public int StoragePort { get; } = Ports.Free();
    public int LanruiPort { get; } = Ports.Free();
    public int BaiduPort { get; } = Ports.Free();
    public int MindIEPort { get; } = Ports.Free();
    public int VaultPort { get; } = Ports.Free();
    public int IdentityPort { get; } = Ports.Free();
    public int ProxyPort { get; } = Ports.Free();
    public string VaultCa => Path.Combine(Work, "vault-ca.pem");

    /// <summary>Azurite itself, for reading the audit.</summary>
    public string StorageConnection => Connection(AzuritePort);

    private static string Connection(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    public async Task StartAsync()
    {
        await StartAzuriteAsync();
        _storage = new StorageProxy(StoragePort, AzuritePort);
        _storage.Start();
        var emulators = Path.Combine(_options.Repo, "tests/Emulators/bin/Release/net10.0");
        _emulators = ManagedProcess.Start("emulators", Path.Combine(emulators, "Emulators"),
        [
            "--lanrui-url", $"http://127.0.0.1:{LanruiPort}", "--baidu-url", $"http://127.0.0.1:{BaiduPort}", "--mindie-url", $"http://127.0.0.1:{MindIEPort}",
            "--control", "true", "--lanrui-key", _canaries.LanruiKey, "--baidu-api-key", _canaries.BaiduApiKey, "--baidu-secret-key", _canaries.BaiduSecretKey,
            "--mindie-key", _canaries.MindIEKey,
            "--keyvault-url", $"https://127.0.0.1:{VaultPort}", "--identity-url", $"http://127.0.0.1:{IdentityPort}", "--keyvault-proxy-url", $"http://127.0.0.1:{ProxyPort}",
            "--keyvault-ca-out", VaultCa,
            "--keyvault-secrets:lanrui-api-key", _canaries.LanruiKey, "--keyvault-secrets:baidu-api-key", _canaries.BaiduApiKey,
            "--keyvault-secrets:baidu-secret-key", _canaries.BaiduSecretKey, "--keyvault-secrets:mindie-api-key", _canaries.MindIEKey, "--keyvault-secrets:audit-seal-key", _canaries.AuditSealKey,
        ], emulators, Path.Combine(Logs, "emulators.log"));
        foreach (var url in new[] { $"http://127.0.0.1:{LanruiPort}/v1/models", $"http://127.0.0.1:{BaiduPort}/_emulator/count", $"http://127.0.0.1:{MindIEPort}/health", $"http://127.0.0.1:{IdentityPort}/_emulator/keyvault/count" })
            await Ports.WaitHttpAsync(url, TimeSpan.FromSeconds(60), () => !_emulators.HasExited);
    }

    /// <summary>The audit store goes down for the facades (connections refused and reset); Azurite keeps its data.</summary>
    public Task StorageDownAsync() => _storage!.StopAsync();

    public void StorageUp() => _storage!.Start();

    private async Task StartAzuriteAsync()
    {
        var data = Path.Combine(Work, "azurite");
        Directory.CreateDirectory(data);
        _azurite = ManagedProcess.Start("azurite", Path.Combine(_options.Repo, "node_modules/.bin/azurite-table"),
            ["--tableHost", "127.0.0.1", "--tablePort", AzuritePort.ToString(CultureInfo.InvariantCulture), "--location", data, "--skipApiVersionCheck", "--disableTelemetry", "--silent"],
            _options.Repo, Path.Combine(Logs, "azurite.log"));
        await Ports.WaitHttpAsync($"http://127.0.0.1:{AzuritePort}/devstoreaccount1", TimeSpan.FromSeconds(60), () => !_azurite.HasExited);
    }


    /// <summary>
    /// Starts a facade for one phase: its own audit table, log file and port; <paramref name="vault"/> reads secrets
    /// from the Key Vault stand-in; <paramref name="settings"/> (environment variables) override the defaults.
    /// </summary>
    public async Task<Facade> StartFacadeAsync(string phase, string auditTable, bool vault = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = Ports.Free();
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Models__0__Name"] = LanruiModel, ["Models__0__Provider"] = "lanrui", ["Models__0__Target"] = "meta-llama/Llama-2-7b-chat-hf",
            ["Models__1__Name"] = BaiduModel, ["Models__1__Provider"] = "baidu", ["Models__1__Target"] = BaiduEndpoint,
            ["Models__2__Name"] = MindIEModel, ["Models__2__Provider"] = "mindie", ["Models__2__Target"] = MindIETarget,
            ["Providers__Lanrui__BaseUrl"] = $"http://127.0.0.1:{LanruiPort}/v1",
            ["Providers__Baidu__BaseUrl"] = $"http://127.0.0.1:{BaiduPort}",
            ["Providers__MindIE__BaseUrl"] = $"http://127.0.0.1:{MindIEPort}/v1",
            ["Callers__0__Name"] = "reliability", ["Callers__0__KeySha256"] = Canaries.Sha256(_canaries.CallerKey),
            ["Callers__1__Name"] = "restricted", ["Callers__1__KeySha256"] = Canaries.Sha256(_canaries.RestrictedCallerKey), ["Callers__1__Models__0"] = LanruiModel,
            ["Audit__ConnectionString"] = Connection(StoragePort),
            ["Audit__TableName"] = auditTable,
            ["Providers__Baidu__SharedToken__TableName"] = "Tokens" + auditTable,
        };
        foreach (var provider in new[] { "Lanrui", "Baidu", "MindIE" })
        {
            env[$"Providers__{provider}__FirstByteTimeout"] = UpstreamTimeout.ToString("c", CultureInfo.InvariantCulture);
            env[$"Providers__{provider}__IdleTimeout"] = UpstreamTimeout.ToString("c", CultureInfo.InvariantCulture);
        }
        if (vault)
        {
            env["Secrets__VaultUri"] = $"https://vault.localhost:{VaultPort}/";
            env["Secrets__OutageRetryInterval"] = "00:00:02";
            env["SSL_CERT_FILE"] = VaultCa;
            env["HTTPS_PROXY"] = $"http://127.0.0.1:{ProxyPort}";
            env["IDENTITY_ENDPOINT"] = $"http://127.0.0.1:{IdentityPort}/msi/token";
            env["IDENTITY_HEADER"] = "reliability-stand-in";
            env["AZURE_TOKEN_CREDENTIALS"] = "prod";
        }
        else
        {
            env["Secrets__Values__lanrui-api-key"] = _canaries.LanruiKey;
            env["Secrets__Values__baidu-api-key"] = _canaries.BaiduApiKey;
            env["Secrets__Values__baidu-secret-key"] = _canaries.BaiduSecretKey;
            env["Secrets__Values__mindie-api-key"] = _canaries.MindIEKey;
            // A facade outside Development does not start with the audit on and no usable seal key.
            env["Secrets__Values__audit-seal-key"] = _canaries.AuditSealKey;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;
        var bin = Path.Combine(_options.Repo, "src/Functions/bin/Release/net10.0");
        var log = Path.Combine(Logs, $"facade-{phase}.log");
        var process = ManagedProcess.Start("facade-" + phase, Path.Combine(bin, "LlmFacade"), [], bin, log, env);
        await Ports.WaitHttpAsync($"http://127.0.0.1:{port}/health", TimeSpan.FromSeconds(60), () => !process.HasExited);
        return new Facade(phase, port, auditTable, log, process);
    }

    public Uri EmulatorUri(string provider) => new(provider switch
    {
        "lanrui" => $"http://127.0.0.1:{LanruiPort}/",
        "baidu" => $"http://127.0.0.1:{BaiduPort}/",
        "mindie" => $"http://127.0.0.1:{MindIEPort}/",
        _ => $"http://127.0.0.1:{IdentityPort}/",
    });

    public async ValueTask DisposeAsync()
    {
        if (_storage is not null) await _storage.DisposeAsync();
        if (_emulators is not null) await _emulators.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}
