using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Functions.Tests.Auth;

/// <summary>
/// The tenant's OpenID Connect metadata and signing keys, as Entra ID publishes them, on Kestrel at
/// 127.0.0.1:0 over plain http (the facade allows that only with <c>RequireHttpsMetadata=false</c>).
/// </summary>
public sealed class OidcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _metadataRequests;

    private OidcTestServer(WebApplication app, TestIssuer issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    public TestIssuer Issuer { get; }

    /// <summary>The tenant's v2.0 metadata document, e.g. <c>http://127.0.0.1:41234/{tenant}/v2.0/.well-known/openid-configuration</c>.</summary>
    public string MetadataAddress { get; private set; } = "";

    /// <summary>How many times the metadata document was fetched.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public static async Task<OidcTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new OidcTestServer(app, new TestIssuer());
        app.MapGet($"/{TestIssuer.TenantId}/v2.0/.well-known/openid-configuration", (HttpContext context) =>
        {
            Interlocked.Increment(ref server._metadataRequests);
            var root = $"{context.Request.Scheme}://{context.Request.Host}";
            var metadata = new JsonObject
            {
                ["issuer"] = TestIssuer.V2Issuer,
                ["authorization_endpoint"] = $"{root}/{TestIssuer.TenantId}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{root}/{TestIssuer.TenantId}/oauth2/v2.0/token",
                ["jwks_uri"] = $"{root}/{TestIssuer.TenantId}/discovery/v2.0/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            };
            return Results.Text(metadata.ToJsonString(), "application/json");
        });
        app.MapGet($"/{TestIssuer.TenantId}/discovery/v2.0/keys", () => Results.Text(server.Issuer.Jwks(), "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        server.MetadataAddress = $"{address}/{TestIssuer.TenantId}/v2.0/.well-known/openid-configuration";
        return server;
    }

    /// <summary>Facade settings that accept this tenant's tokens for the facade's app, with one listed app allowed one model.</summary>
    public Dictionary<string, string?> FacadeSettings(string allowedModel) => new()
    {
        ["Auth:Entra:TenantId"] = TestIssuer.TenantId,
        ["Auth:Entra:Audience"] = TestIssuer.FacadeAppIdUri,
        ["Auth:Entra:MetadataAddress"] = MetadataAddress,
        ["Auth:Entra:RequireHttpsMetadata"] = "false",
        ["Auth:Entra:RequiredRoles:0"] = TestIssuer.Role,
        ["Auth:Entra:Apps:0:AppId"] = TestIssuer.ListedAppId,
        ["Auth:Entra:Apps:0:Name"] = TestIssuer.ListedAppName,
        ["Auth:Entra:Apps:0:Models:0"] = allowedModel,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Issuer.Dispose();
    }
}
