using Functions.Core.Http;
using Functions.Hosting;

namespace Functions;

/// <summary>
/// The plain Kestrel host (local runs, tests, containers): every request goes to the host-agnostic
/// <see cref="RequestEntry"/>, which routes, authenticates and answers on its own. Program and the tests both
/// start it from here.
/// </summary>
public static class KestrelHost
{
    /// <summary>Builds the app and checks its configuration: bad settings throw <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>s naming each one.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        if (ListenAddress.Resolve(builder.Configuration) is { } url) builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.AddFacade();
        // The worker runs the audit schedule from timer triggers; here a background service keeps the same times.
        builder.Services.AddHostedService<AuditScheduleService>();

        var app = builder.Build();
        FacadeHosting.CheckConfiguration(app.Services);
        // Resolved at the first request, after start-up validation has checked every setting the chain needs.
        RequestEntry? entry = null;
        app.Run(context => (entry ??= app.Services.GetRequiredService<RequestEntry>()).HandleAsync(context));
        return app;
    }
}
