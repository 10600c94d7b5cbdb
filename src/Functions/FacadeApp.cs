using Functions.Auth;
using Functions.Core;
using Functions.Core.Providers.Baidu;
using Functions.Core.Providers.MindIE;
using Functions.Core.Providers.OpenAICompatible;
using Functions.Core.Routing;
using Functions.Endpoints;
using Functions.Hosting;
using Functions.Http;
using Microsoft.Extensions.Options;

namespace Functions;

/// <summary>Builds the facade's web application; Program and the tests both start it from here.</summary>
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

        builder.Services.AddFacadeCore(builder.Configuration);
        builder.Services.AddSingleton<ICallerAuthenticator, ApiKeyCallerAuthenticator>();
        builder.Services.AddEntraIdCallers(builder.Configuration);
        builder.Services.AddSingleton<CallerAuthenticationFilter>();

        var app = builder.Build();
        CheckConfiguration(app.Services);

        app.UseMiddleware<FacadeErrorMiddleware>();
        app.MapGet(HealthEndpoint.ReadinessRoute, HealthEndpoint.RootAsync);
        app.MapGet(HealthEndpoint.Route, HealthEndpoint.HandleAsync);
        app.MapGet(HealthEndpoint.ReadyRoute, HealthEndpoint.ReadyAsync);
        var api = app.MapGroup("").AddEndpointFilter<CallerAuthenticationFilter>();
        api.MapPost(ChatCompletionsEndpoint.Route, ChatCompletionsEndpoint.HandleAsync);
        api.MapGet(ModelsEndpoint.Route, ModelsEndpoint.HandleAsync);
        NativeChatEndpoint.Map(api, NativeChatEndpoint.BaiduRoute, BaiduProvider.ProviderName, static (http, _) => http.Request.RouteValues["endpoint"] as string);
        NativeChatEndpoint.Map(api, NativeChatEndpoint.MindIERoute, MindIEProvider.ProviderName, static (_, request) => request.Model);
        return app;
    }

    /// <summary>Resolves what configuration feeds, so a bad setting stops start-up rather than a request.</summary>
    private static void CheckConfiguration(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<IOptions<LanruiOptions>>().Value;
            _ = services.GetRequiredService<IOptions<BaiduOptions>>().Value;
            _ = services.GetRequiredService<IOptions<MindIEOptions>>().Value;
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
