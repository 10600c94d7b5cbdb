using Emulators;
using Emulators.Baidu;
using Microsoft.AspNetCore.Builder;

namespace Functions.Tests.TestInfrastructure;

/// <summary>The Baidu emulator and the facade routed to it, both on Kestrel at port 0.</summary>
public sealed class BaiduEnvironment : IAsyncDisposable
{
    public const string Model = "ernie-speed";
    public const string Target = "ernie-speed-128k";

    private BaiduEnvironment(BaiduEmulator emulator, EmulatorServer server, FacadeHost facade)
    {
        Emulator = emulator;
        Server = server;
        Facade = facade;
    }

    public BaiduEmulator Emulator { get; }
    public EmulatorServer Server { get; }
    public FacadeHost Facade { get; }

    /// <summary>The emulator's chat URL for <see cref="Target"/>, as the facade calls it (without the token).</summary>
    public Uri ChatUri => new(Server.Address, BaiduEmulator.ChatPrefix.TrimStart('/') + Target);

    public static async Task<BaiduEnvironment> StartAsync(IDictionary<string, string?>? settings = null, BaiduEmulator? emulator = null, Action<WebApplicationBuilder>? configure = null)
    {
        emulator ??= new BaiduEmulator();
        var server = await EmulatorServer.StartAsync(emulator);
        var all = new Dictionary<string, string?>
        {
            ["Models:0:Name"] = Model,
            ["Models:0:Provider"] = "baidu",
            ["Models:0:Target"] = Target,
            ["Providers:Baidu:BaseUrl"] = server.Address.ToString(),
            ["Providers:Baidu:RetryBaseDelay"] = "00:00:00.010",
            ["Secrets:Values:baidu-api-key"] = BaiduEmulator.DefaultApiKey,
            ["Secrets:Values:baidu-secret-key"] = BaiduEmulator.DefaultSecretKey,
            // Each environment has an emulator of its own, so it must not find another test's token when the audit
            // storage (and with it the shared token) is configured; tests of the sharing pass one name to several.
            ["Providers:Baidu:SharedToken:TableName"] = AzuriteFixture.NewTableName("Tokens"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var facade = await FacadeHost.StartAsync(all, configure);
        return new BaiduEnvironment(emulator, server, facade);
    }

    public async ValueTask DisposeAsync()
    {
        await Facade.DisposeAsync();
        await Server.DisposeAsync();
    }
}
