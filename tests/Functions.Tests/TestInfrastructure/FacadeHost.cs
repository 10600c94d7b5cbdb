using System.ClientModel;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// The real facade on Kestrel at 127.0.0.1:0 with in-memory settings, as YARP's functional tests run
/// the proxy: tests call it over real HTTP with the official OpenAI client or raw HttpClient.
/// </summary>
public sealed class FacadeHost : IAsyncDisposable
{
    /// <summary>The key of the caller every host is configured with.</summary>
    public const string CallerKey = "sk-test-caller";
    public const string CallerName = "test-app";

    private readonly WebApplication _app;

    private FacadeHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CallerKey);
    }

    public Uri Address { get; }

    /// <summary>An HttpClient that sends the test caller's key.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<FacadeHost> StartAsync(IDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Callers:0:Name"] = CallerName,
            ["Callers:0:KeySha256"] = Sha256(CallerKey),
            ["Logging:LogLevel:Default"] = "Warning",
            // What a deployment has in its vault: the audit's rows are sealed (docs/audit.md).
            ["Secrets:Values:audit-seal-key"] = "facade-host-test-seal-key-0123456789abcdef",
        };
        foreach (var (key, value) in settings) all[key] = value;
        var app = KestrelHost.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FacadeHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>The official OpenAI .NET client pointed at the facade.</summary>
    public ChatClient ChatClient(string model, string key = CallerKey) =>
        new(model, new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(Address, "v1"),
            NetworkTimeout = TimeSpan.FromSeconds(60),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });

    public static string Sha256(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
