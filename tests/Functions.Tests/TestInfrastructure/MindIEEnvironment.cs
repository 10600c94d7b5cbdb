using Emulators;
using Emulators.MindIE;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// The MindIE emulator and the facade routed to it, both on Kestrel at port 0. With <c>mutualTls</c> the
/// emulator listens on HTTPS and demands a client certificate issued by the test CA, as MindIE does by
/// default; the facade gets the CA and its client certificate (override them through <c>settings</c>).
/// </summary>
public sealed class MindIEEnvironment : IAsyncDisposable
{
    public const string Model = "qwen";
    public const string Target = MindIEEmulator.DefaultModel;

    private MindIEEnvironment(MindIEEmulator emulator, EmulatorServer server, FacadeHost facade)
    {
        Emulator = emulator;
        Server = server;
        Facade = facade;
    }

    public MindIEEmulator Emulator { get; }
    public EmulatorServer Server { get; }
    public FacadeHost Facade { get; }

    public static async Task<MindIEEnvironment> StartAsync(IDictionary<string, string?>? settings = null, bool mutualTls = false, MindIEEmulator? emulator = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        emulator ??= new MindIEEmulator();
        var certificates = mutualTls ? MindIECertificates.Instance : null;
        var server = certificates is null
            ? await EmulatorServer.StartAsync(emulator)
            : await EmulatorServer.StartAsync(emulator, "https://127.0.0.1:0", MindIETls.Configure(certificates.Server, certificates.Ca));
        var all = new Dictionary<string, string?>
        {
            ["Models:0:Name"] = Model,
            ["Models:0:Provider"] = "mindie",
            ["Models:0:Target"] = Target,
            ["Providers:MindIE:BaseUrl"] = new Uri(server.Address, "v1").ToString(),
        };
        if (certificates is not null)
        {
            all["Providers:MindIE:CaCertificate"] = certificates.CaPem;
            all["Secrets:Values:mindie-client-cert"] = MindIECertificates.ToPem(certificates.Client);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var facade = await FacadeHost.StartAsync(all, configure);
        return new MindIEEnvironment(emulator, server, facade);
    }

    public async ValueTask DisposeAsync()
    {
        await Facade.DisposeAsync();
        await Server.DisposeAsync();
    }
}
