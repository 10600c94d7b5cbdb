using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Emulators.KeyVault;

/// <summary>
/// A Key Vault stand-in for a facade running as its own process: HTTPS on 127.0.0.1 with a certificate made at start
/// (written as PEM to <c>--keyvault-ca-out</c>, for the facade's trust store), Key Vault's challenge sign-in and
/// <c>GET /secrets/{name}[/{version}]</c> from <c>--keyvault-secrets:NAME VALUE</c>; beside it, on plain HTTP, an
/// App Service-style managed identity endpoint (<c>IDENTITY_ENDPOINT</c>), a CONNECT proxy (<see cref="KeyVaultProxy"/>) and <c>POST /_emulator/keyvault/mode?value=ok|down|503</c>:
/// <c>down</c> drops every vault connection, <c>503</c> answers ServiceUnavailable.
/// </summary>
public sealed partial class KeyVaultServer : IAsyncDisposable
{
    private readonly WebApplication _vault;
    private readonly WebApplication _identity;
    private readonly Dictionary<string, string> _secrets;
    private KeyVaultProxy? _proxy;

    private KeyVaultServer(WebApplication vault, WebApplication identity, Dictionary<string, string> secrets)
    {
        _vault = vault;
        _identity = identity;
        _secrets = secrets;
    }

    /// <summary>
    /// The vault's host name for clients: a subdomain of <c>localhost</c> (loopback by RFC 6761), because the SDK
    /// checks that the vault's host ends with <c>.</c> + the challenge's resource host, which no IP address can.
    /// </summary>
    public const string VaultHost = "vault.localhost";

    public Uri Address { get; private set; } = null!;

    public Uri IdentityAddress { get; private set; } = null!;

    /// <summary>The CONNECT proxy to give the facade as <c>HTTPS_PROXY</c>.</summary>
    public Uri ProxyAddress { get; private set; } = null!;

    /// <summary><c>ok</c>, <c>down</c> or <c>503</c>.</summary>
    public string Mode { get; set; } = "ok";

    public static async Task<KeyVaultServer> StartAsync(string vaultUrl, IConfiguration config)
    {
        var certificate = CreateCertificate();
        if (config["keyvault-ca-out"] is { } caOut) await File.WriteAllTextAsync(caOut, certificate.ExportCertificatePem());
        var secrets = config.GetSection("keyvault-secrets").GetChildren().ToDictionary(s => s.Key, s => s.Value ?? "", StringComparer.Ordinal);

        var port = new Uri(vaultUrl).Port;
        var vaultBuilder = WebApplication.CreateSlimBuilder();
        vaultBuilder.Logging.ClearProviders();
        vaultBuilder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        var identityBuilder = WebApplication.CreateSlimBuilder();
        identityBuilder.Logging.ClearProviders();
        identityBuilder.WebHost.UseUrls(config["identity-url"] ?? "http://127.0.0.1:0");

        var server = new KeyVaultServer(vaultBuilder.Build(), identityBuilder.Build(), secrets);
        server._vault.Run(server.VaultAsync);
        server.MapIdentity(server._identity);
        await server._vault.StartAsync();
        await server._identity.StartAsync();
        server.Address = new Uri($"https://{VaultHost}:{port}/");
        server._proxy = new KeyVaultProxy(server, config["keyvault-proxy-url"] is { } proxyUrl ? new Uri(proxyUrl).Port : 0);
        server._proxy.Start();
        server.ProxyAddress = new Uri($"http://127.0.0.1:{server._proxy.Port}/");
        server.IdentityAddress = AddressOf(server._identity);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        await _vault.StopAsync();
        await _identity.StopAsync();
        await _vault.DisposeAsync();
        await _identity.DisposeAsync();
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, its own trust anchor.</summary>
    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        names.AddDnsName(VaultHost);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
