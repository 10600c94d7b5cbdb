using Functions.Core;
using Functions.Core.Http;
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
    /// <summary>Builds the app and checks its configuration: bad settings throw <see cref="OptionsValidationException"/>s naming each one.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        if (ListenAddress.Resolve(builder.Configuration, Environment.GetEnvironmentVariable) is { } url)
            builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddFacade(builder.Configuration);

        var app = builder.Build();
        // Every setting is checked now (the host would again at start, but log a stack trace first).
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        // Resolved at the first request, after start-up validation has checked every setting the chain needs.
        RequestEntry? entry = null;
        app.Run(context => (entry ??= app.Services.GetRequiredService<RequestEntry>()).HandleAsync(context));
        return app;
    }
}
