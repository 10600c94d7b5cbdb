using Emulators;
using Emulators.Lanrui;

namespace Functions.Tests.TestInfrastructure;

/// <summary>The Lanrui emulator and the facade routed to it, both on Kestrel at port 0.</summary>
public sealed class LanruiEnvironment : IAsyncDisposable
{
    public const string Model = "llama";
    public const string Target = "meta-llama/Llama-2-7b-chat-hf";

    private LanruiEnvironment(LanruiEmulator emulator, EmulatorServer server, FacadeHost facade)
    {
        Emulator = emulator;
        Server = server;
        Facade = facade;
    }

    public LanruiEmulator Emulator { get; }
    public EmulatorServer Server { get; }
    public FacadeHost Facade { get; }

    public static async Task<LanruiEnvironment> StartAsync(IDictionary<string, string?>? settings = null, string providerKey = LanruiEmulator.DefaultApiKey, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        var emulator = new LanruiEmulator { ApiKey = providerKey };
        var server = await EmulatorServer.StartAsync(emulator);
        var all = new Dictionary<string, string?>
        {
            ["Models:0:Name"] = Model,
            ["Models:0:Provider"] = "lanrui",
            ["Models:0:Target"] = Target,
            ["Providers:Lanrui:BaseUrl"] = new Uri(server.Address, "v1").ToString(),
            ["Secrets:Values:lanrui-api-key"] = providerKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var facade = await FacadeHost.StartAsync(all, configure);
        return new LanruiEnvironment(emulator, server, facade);
    }

    public async ValueTask DisposeAsync()
    {
        await Facade.DisposeAsync();
        await Server.DisposeAsync();
    }
}
