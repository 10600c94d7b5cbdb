using Functions.Core.Audit;
using Functions.Core.Providers;
using Functions.Core.Providers.MindIE;
using Functions.Core.Providers.Baidu;
using Functions.Core.Providers.OpenAICompatible;
using Functions.Core.Routing;
using Functions.Core.Secrets;
using Functions.Core.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Functions.Core;

/// <summary>Registers the chain: secrets, providers, model catalog, relay.</summary>
public static class FacadeServiceCollectionExtensions
{
    public static IServiceCollection AddFacadeCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSecretStore(configuration);
        services.Configure<StreamingOptions>(configuration.GetSection("Streaming"));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StreamingOptions>>().Value);
        services.Configure<RequestLimits>(configuration.GetSection("Limits"));

        AddProvider<LanruiOptions, LanruiProvider>(services, configuration, "Providers:Lanrui");
        AddProvider<MindIEOptions, MindIEProvider>(services, configuration, "Providers:MindIE");
        services.AddSingleton<INativeChatProvider>(sp => sp.GetRequiredService<MindIEProvider>());
        AddProvider<BaiduOptions, BaiduProvider>(services, configuration, "Providers:Baidu");
        services.AddSingleton<BaiduTokenClient>();
        services.TryAddSingleton<IBaiduTokenSource>(sp => sp.GetRequiredService<BaiduTokenClient>());
        services.AddSingleton<BaiduTokenCache>();
        services.AddSingleton<INativeChatProvider>(sp => sp.GetRequiredService<BaiduProvider>());

        services.AddAuditStore(configuration);
        services.AddSingleton<AuditCompletionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCompletionWriter>());
        services.AddSingleton<AuditGate>();
        // Every provider call goes through the audit: the record is durable before anything goes upstream.
        services.AddSingleton(sp => new ChatProviders(sp.GetServices<IChatProvider>()
            .Select(p => new AuditingChatProvider(p, sp.GetRequiredService<AuditGate>()))));
        services.AddSingleton(sp => new NativeChatProviders(sp.GetServices<INativeChatProvider>()
            .Select(p => new AuditingNativeChatProvider(p, sp.GetRequiredService<AuditGate>()))));
        services.AddSingleton(sp => ModelCatalog.FromConfiguration(configuration, sp.GetRequiredService<ChatProviders>().Names));
        services.AddSingleton<ChatStreamRelay>();
        return services;
    }

    private static void AddProvider<TOptions, TProvider>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : ProviderOptions
        where TProvider : class, IChatProvider
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section))
            .Validate(o => { o.Validate(section); return true; });
        services.AddSingleton<TProvider>();
        services.AddSingleton<IChatProvider>(sp => sp.GetRequiredService<TProvider>());
    }
}
