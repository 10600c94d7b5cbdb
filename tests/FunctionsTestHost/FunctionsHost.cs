using System.Text.Json;
using FunctionsTestHost.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsTestHost;

/// <summary>
/// A stand-in for the Azure Functions host's HTTP-trigger path, for tests and local runs where the real host
/// (Core Tools) is not available: starts a built .NET isolated worker, serves it <c>FunctionRpc.EventStream</c>,
/// performs the start-up handshake (StartStream, WorkerInit, FunctionsMetadata, FunctionLoad), and forwards each
/// HTTP request of its front to the worker with the matching invocation. What it does not emulate:
/// docs/functions-test-host.md.
/// </summary>
public sealed partial class FunctionsHost : IAsyncDisposable
{
    private readonly FunctionsHostOptions _options;
    private readonly WorkerChannel _channel;
    private readonly WebApplication _rpcServer;
    private readonly WorkerProcess _worker;
    private WebApplication? _front;
    private int _disposed;

    private FunctionsHost(FunctionsHostOptions options, HostLog log, WorkerChannel channel, WebApplication rpcServer,
        WorkerProcess worker)
    {
        _options = options;
        Log = log;
        _channel = channel;
        _rpcServer = rpcServer;
        _worker = worker;
        AppDirectory = Path.GetDirectoryName(Path.GetFullPath(options.WorkerPath))!;
    }

    /// <summary>The front's address: send requests here, e.g. <c>new Uri(BaseAddress, "v1/models")</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The worker's own Kestrel (its <c>HttpUri</c> capability); requests there lack the invocation.</summary>
    public Uri WorkerHttpUri { get; private set; } = null!;

    /// <summary>The HTTP-triggered functions the worker declared and loaded.</summary>
    public IReadOnlyList<HttpFunction> Functions { get; private set; } = [];

    /// <summary>The capabilities the worker reported in <c>WorkerInitResponse</c>.</summary>
    public IReadOnlyDictionary<string, string> WorkerCapabilities { get; private set; } = new Dictionary<string, string>();

    /// <summary>What the host and the worker reported: process output, the worker's logs, forwarding failures.</summary>
    public HostLog Log { get; }

    /// <summary>The function app directory (the worker's folder).</summary>
    public string AppDirectory { get; }

    /// <summary>Completes when the worker process has exited.</summary>
    public Task WorkerExited => _worker.Exited;

    /// <summary>A client of the front.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>
    /// Starts the worker, completes the handshake and opens the HTTP front. Throws with the worker's last output
    /// if the worker exits, fails a step or does not finish within <see cref="FunctionsHostOptions.StartupTimeout"/>.
    /// </summary>
    public static async Task<FunctionsHost> StartAsync(FunctionsHostOptions options, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(options.WorkerPath))
        {
            throw new FileNotFoundException($"The worker '{options.WorkerPath}' does not exist; build it first.", options.WorkerPath);
        }

        var log = new HostLog(options.OnLog, TimeProvider.System);
        var channel = new WorkerChannel(log);
        var rpcServer = BuildRpcServer(channel);
        await rpcServer.StartAsync(cancellationToken);
        WorkerProcess worker;
        try
        {
            worker = WorkerProcess.Start(options, new Uri(ListeningAddress(rpcServer)), Guid.NewGuid().ToString(), log);
        }
        catch
        {
            await rpcServer.DisposeAsync();
            throw;
        }

        var host = new FunctionsHost(options, log, channel, rpcServer, worker);
        try
        {
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            startup.CancelAfter(options.StartupTimeout);
            await host.HandshakeAsync(startup.Token);
            await host.StartFrontAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the front, sends <c>WorkerTerminate</c>, waits for the worker to exit (killing it after the grace period).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_front is not null)
        {
            await _front.StopAsync();
            await _front.DisposeAsync();
        }

        _channel.Terminate(_options.ShutdownGracePeriod);
        await _worker.StopAsync(_options.ShutdownGracePeriod);
        await _worker.DisposeAsync();

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _rpcServer.StopAsync(stopping.Token);
        await _rpcServer.DisposeAsync();
    }

    private async Task StartFrontAsync(CancellationToken cancellationToken)
    {
        var forwarder = new HttpTriggerForwarder(new FunctionRouteTable(Functions), _channel, WorkerHttpUri,
            WorkerCapabilities.ContainsKey("HandlesInvocationCancelMessage"), Log);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The host's default FUNCTIONS_REQUEST_BODY_SIZE_LIMIT (100 MB); the worker's Kestrel has its own limit.
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
            kestrel.Listen(System.Net.IPAddress.Loopback, _options.Port,
                listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
        });
        _front = builder.Build();
        _front.Run(forwarder.HandleAsync);
        await _front.StartAsync(cancellationToken);
        BaseAddress = new Uri(ListeningAddress(_front));
        Log.Host(LogLevel.Information, $"HTTP front listening on {BaseAddress}");
    }

    private static WebApplication BuildRpcServer(WorkerChannel channel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(channel);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        return app;
    }

    private static string ListeningAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()
            .Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/";

    private static string RoutePrefix(string appDirectory)
    {
        // host.json extensions.http.routePrefix; the host's default is "api".
        var hostJson = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(hostJson))
        {
            return "api";
        }

        using var document = JsonDocument.Parse(File.ReadAllText(hostJson),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            && prefix.ValueKind == JsonValueKind.String
                ? prefix.GetString()!
                : "api";
    }
}
