using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Emulators;

/// <summary>One emulator on its own Kestrel server (port 0 in tests: the OS picks a free port).</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>What Kestrel buffers for one response before a write waits for the client to read.</summary>
    public const long MaxResponseBufferSize = 64 * 1024;

    /// <summary>How long stopping waits for open requests before it aborts them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The server's root address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Cancelled when the host stops, e.g. on SIGTERM (its console lifetime takes the signal over).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public static async Task<EmulatorServer> StartAsync(EmulatorBase emulator, string url = "http://127.0.0.1:0", Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        // A client that does not read holds the emulator at its next write: at most this much waits per response.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxResponseBufferSize = MaxResponseBufferSize);
        // On SIGTERM, streams to clients that do not read are cut after this rather than waited for.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        configure?.Invoke(builder);
        var app = builder.Build();
        emulator.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
