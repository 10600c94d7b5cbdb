using Functions.Core;
using Functions.Core.Callers;
using Functions.Core.Http;
using Functions.Core.Routing;
using Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Functions;

/// <summary>
/// The plain Kestrel host (local runs, tests, containers): every request goes to the host-agnostic
/// <see cref="RequestEntry"/>, which routes, authenticates and answers on its own. Program and the tests both
/// start it from here.
/// </summary>
public static class FacadeApp
{
    /// <summary>Builds the app and checks its configuration; bad configuration throws naming the setting.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        if (ListenAddress.Resolve(builder.Configuration, Environment.GetEnvironmentVariable) is { } url)
            builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddFacade(builder.Configuration);

        var app = builder.Build();
        CheckConfiguration(app.Services);
        var entry = app.Services.GetRequiredService<RequestEntry>();
        app.Run(entry.HandleAsync);
        return app;
    }

    /// <summary>Resolves what configuration feeds, so a bad setting stops start-up rather than a request.</summary>
    private static void CheckConfiguration(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<IOptions<Functions.Core.Providers.Lanrui.LanruiOptions>>().Value;
            _ = services.GetRequiredService<IOptions<Functions.Core.Providers.Baidu.BaiduOptions>>().Value;
            _ = services.GetRequiredService<IOptions<Functions.Core.Providers.MindIE.MindIEOptions>>().Value;
            _ = services.GetRequiredService<ModelCatalog>();
            _ = services.GetRequiredService<Functions.Core.Audit.IAuditStore>();
            _ = services.GetServices<ICallerAuthenticator>().ToList();
            services.CheckEntraIdConfiguration();
        }
        catch (OptionsValidationException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }
}
