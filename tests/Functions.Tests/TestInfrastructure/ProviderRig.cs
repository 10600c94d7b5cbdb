using Emulators;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// Any provider's emulator and the facade routed to it, for tests of what every provider must do alike
/// (theories over <see cref="Names"/>): the same contract, one test, three providers.
/// </summary>
public sealed class ProviderRig : IAsyncDisposable
{
    private readonly IAsyncDisposable _environment;

    private ProviderRig(string provider, string model, string target, EmulatorBase emulator, FacadeHost facade, IAsyncDisposable environment)
    {
        Provider = provider;
        Model = model;
        Target = target;
        Emulator = emulator;
        Facade = facade;
        _environment = environment;
    }

    /// <summary>The providers, as theory data.</summary>
    public static TheoryData<string> Names => ["lanrui", "baidu", "mindie"];

    public string Provider { get; }

    /// <summary>The model name callers send.</summary>
    public string Model { get; }

    /// <summary>The upstream target the model is routed to.</summary>
    public string Target { get; }

    public EmulatorBase Emulator { get; }

    public FacadeHost Facade { get; }

    public static async Task<ProviderRig> StartAsync(string provider, IDictionary<string, string?>? settings = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        // Each provider's time limits and heartbeat section share one shape; the caller names them generically.
        var all = new Dictionary<string, string?>();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key.Replace("Providers:Each:", $"Providers:{Section(provider)}:", StringComparison.Ordinal)] = value;
        switch (provider)
        {
            case "lanrui":
                var lanrui = await LanruiEnvironment.StartAsync(all, configure: configure);
                return new ProviderRig(provider, LanruiEnvironment.Model, LanruiEnvironment.Target, lanrui.Emulator, lanrui.Facade, lanrui);
            case "baidu":
                var baidu = await BaiduEnvironment.StartAsync(all, configure: configure);
                return new ProviderRig(provider, BaiduEnvironment.Model, BaiduEnvironment.Target, baidu.Emulator, baidu.Facade, baidu);
            case "mindie":
                var mindie = await MindIEEnvironment.StartAsync(all, configure: configure);
                return new ProviderRig(provider, MindIEEnvironment.Model, MindIEEnvironment.Target, mindie.Emulator, mindie.Facade, mindie);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "No such provider.");
        }
    }

    private static string Section(string provider) => provider switch
    {
        "lanrui" => "Lanrui",
        "baidu" => "Baidu",
        _ => "MindIE",
    };

    public ValueTask DisposeAsync() => _environment.DisposeAsync();
}
