using Azure.Data.Tables;
using Functions.Core.Audit;
using Functions.Core.Providers;
using Functions.Core.Providers.MindIE;
using Functions.Core.Providers.Baidu;
using Functions.Core.Providers.Baidu.SharedToken;
using Functions.Core.Providers.OpenAICompatible;
using Functions.Core.Routing;
using Functions.Core.Secrets;
using Functions.Core.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
        services.AddOptions<BaiduOptions>().Validate<IOptions<AuditOptions>>((o, audit) =>
        {
            o.SharedToken.CheckDistinctFrom("Providers:Baidu:SharedToken", audit.Value.TableName);
            return true;
        });
        services.TryAddSingleton<IBaiduTokenSource>(CreateBaiduTokenSource);
        services.AddSingleton<BaiduTokenCache>();
        services.AddSingleton<INativeChatProvider>(sp => sp.GetRequiredService<BaiduProvider>());

        services.AddAuditStore(configuration);
        services.AddSingleton<AuditCompletionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCompletionWriter>());
        services.AddSingleton<AuditGate>();
        // Every provider call goes through the audit: the record is durable before anything goes upstream.
        // Without audit storage there is nothing to record: no decorator, no copies of the prompt per call.
        services.AddSingleton(sp => new ChatProviders(Audited(sp)
            ? sp.GetServices<IChatProvider>().Select(p => (IChatProvider)new AuditingChatProvider(p, sp.GetRequiredService<AuditGate>()))
            : sp.GetServices<IChatProvider>()));
        services.AddSingleton(sp => new NativeChatProviders(Audited(sp)
            ? sp.GetServices<INativeChatProvider>().Select(p => (INativeChatProvider)new AuditingNativeChatProvider(p, sp.GetRequiredService<AuditGate>()))
            : sp.GetServices<INativeChatProvider>()));
        services.AddSingleton(sp => ModelCatalog.FromConfiguration(configuration, sp.GetRequiredService<ChatProviders>().Names));
        services.AddSingleton<ChatStreamRelay>();
        return services;
    }

    /// <summary>
    /// The OAuth endpoint, behind the token shared through the audit storage account when that is configured and
    /// <c>Providers:Baidu:SharedToken:Enabled</c> is not false.
    /// </summary>
    private static IBaiduTokenSource CreateBaiduTokenSource(IServiceProvider services)
    {
        var client = services.GetRequiredService<BaiduTokenClient>();
        var options = services.GetRequiredService<IOptions<BaiduOptions>>();
        if (!options.Value.SharedToken.Enabled || !services.GetRequiredService<IOptions<AuditOptions>>().Value.IsConfigured) return client;
        return new SharedBaiduTokenSource(client, services.GetRequiredService<TableServiceClient>(), services.GetRequiredService<ISecretStore>(), options,
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<SharedBaiduTokenSource>>());
    }

    private static bool Audited(IServiceProvider services) => services.GetRequiredService<IAuditStore>() is not NoOpAuditStore;

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
