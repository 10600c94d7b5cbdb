using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// A local Key Vault for the real <c>SecretClient</c>: HTTPS on Kestrel at 127.0.0.1 with a certificate made for
/// the test, the challenge-based sign-in (401 with a Bearer challenge naming tenant and resource, then bearer
/// tokens from <see cref="Credential"/>), and <c>GET /secrets/{name}[/{version}]?api-version=...</c>.
/// Switches make it refuse tokens, fail with a status, hold answers, or stop.
/// </summary>
internal sealed partial class KeyVaultFake : IAsyncDisposable
{
    /// <summary>The tenant the challenge names; the SDK asks the credential for a token in it.</summary>
    public const string TenantId = "00000000-0000-4000-8000-00000000fa4e";

    /// <summary>The resource the challenge names (Azure public cloud).</summary>
    public const string Resource = "https://vault.azure.net";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<SecretVersion>> _secrets = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _secretReads;
    private int _unauthenticatedRequests;
    private int _stopped;

    private KeyVaultFake(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public Uri VaultUri { get; private set; } = null!;

    public KeyVaultTestCredential Credential { get; } = new();

    /// <summary>Reads that got past sign-in and the failure switches: what a cache is meant to save.</summary>
    public int SecretReads => Volatile.Read(ref _secretReads);

    /// <summary>Requests without a bearer token, answered with the challenge.</summary>
    public int UnauthenticatedRequests => Volatile.Read(ref _unauthenticatedRequests);

    /// <summary>Every request's path and query, in order of arrival.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>When set, every token is refused with 401 and the challenge again.</summary>
    public bool RejectTokens { get; set; }

    /// <summary>When set, signed-in requests fail with this status (403, 429, 503, ...).</summary>
    public int? FailWithStatus { get; set; }

    /// <summary>When set, signed-in reads wait for this task before answering.</summary>
    public Task? Hold { get; set; }

    public static async Task<KeyVaultFake> StartAsync()
    {
        var certificate = TestCertificates.CreateLoopbackServerCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));

        var fake = new KeyVaultFake(builder.Build(), certificate);
        fake._app.Run(fake.HandleAsync);
        await fake._app.StartAsync();
        var address = fake._app.Services.GetRequiredService<IServer>()
            .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.VaultUri = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Adds a new version of the secret, which becomes the latest; returns its version id.</summary>
    public string SetSecret(string name, string value)
    {
        var version = Guid.NewGuid().ToString("N");
        _secrets.GetOrAdd(name, _ => new()).Enqueue(new SecretVersion(version, value));
        return version;
    }

    /// <summary>Stops listening: from now on connections are refused.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }

    private sealed record SecretVersion(string Version, string Value);
}
