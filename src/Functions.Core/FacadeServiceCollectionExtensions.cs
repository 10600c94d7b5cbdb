using Functions.Core.Configuration;
using Functions.Core.Endpoints;
using Functions.Core.Http;
using Functions.Core.Providers.Baidu;
using Functions.Core.Providers.Baidu.SharedToken;
using Functions.Core.Providers.Lanrui;
using Functions.Core.Providers.MindIE;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Functions.Core;

/// <summary>Registers the whole chain, host-agnostic: entry, callers, endpoints, secrets, providers, audit, relay.</summary>
public static class FacadeServiceCollectionExtensions
{
    public static IServiceCollection AddFacade(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSecretStore(configuration);
        services.Configure<StreamingOptions>(configuration.GetSection("Streaming"));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StreamingOptions>>().Value);
        services.Configure<RequestLimits>(configuration.GetSection("Limits"));

        services.AddSingleton<RequestEntry>();
        services.AddSingleton<CredentialFingerprint>();
        services.AddSingleton<FacadeRoutes>();
        services.AddSingleton<ChatEndpoint>();
        services.AddSingleton<ModelsEndpoint>();
        services.AddSingleton<HealthEndpoint>();
        services.AddSingleton<ReadinessCheck>();
        services.AddSingleton<MetricsEndpoint>();
        services.AddFacadeTelemetry(configuration);
        services.AddSingleton<CallerAuthentication>();
        services.AddValidatedOptions<CallerListOptions>(configuration, "", static (o, _) => o.Problems());
        services.AddSingleton<ICallerAuthenticator, ApiKeyCallerAuthenticator>();
        services.AddEntraIdCallers(configuration);

        List<string> providers = [];
        AddProvider<LanruiOptions, LanruiProvider>(services, configuration, "Providers:Lanrui", LanruiProvider.ProviderName, providers);
        AddProvider<MindIEOptions, MindIEProvider>(services, configuration, "Providers:MindIE", MindIEProvider.ProviderName, providers);
        AddProvider<BaiduOptions, BaiduProvider>(services, configuration, "Providers:Baidu", BaiduProvider.ProviderName, providers);
        services.AddSingleton<BaiduTokenClient>();
        // The audit table's name as configured, not through IOptions<AuditOptions>: its own problems are reported once, by its own validator.
        var auditTable = configuration[$"{AuditOptions.SectionName}:{nameof(AuditOptions.TableName)}"] ?? new AuditOptions().TableName;
        services.AddSingleton<IValidateOptions<BaiduOptions>>(new SectionValidator<BaiduOptions>("Providers:Baidu:SharedToken",
            (o, s) => o.SharedToken.ProblemsWithAuditTable(s, auditTable)));
        services.TryAddSingleton<IBaiduTokenSource>(CreateBaiduTokenSource);
        services.AddSingleton<BaiduTokenCache>();

        services.AddAuditStore(configuration);
        services.AddAuditSchedule(configuration);
        services.AddSingleton<AuditCompletionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCompletionWriter>());
        services.AddSingleton<AuditGate>();
        services.AddSingleton(sp => new ChatProviders(sp.GetServices<IChatProvider>().Select(p => Decorated(sp, p))));
        services.AddOptions<ModelCatalogOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelCatalogOptions>>(new SectionValidator<ModelCatalogOptions>("Models", (o, _) => o.Problems(providers)));
        services.AddSingleton(sp => ModelCatalog.FromOptions(sp.GetRequiredService<IOptions<ModelCatalogOptions>>().Value, sp.GetRequiredService<TimeProvider>().GetUtcNow()));
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

    /// <summary>
    /// A provider as the chat path calls it: measured, around audited. Every provider call goes through the audit, so the
    /// record is durable before anything goes upstream; without audit storage there is nothing to record (no decorator,
    /// no copies of the prompt per call). The metrics wrap the audit, so a call the audit refuses is counted too.
    /// </summary>
    private static IChatProvider Decorated(IServiceProvider services, IChatProvider provider)
    {
        if (services.GetRequiredService<IAuditStore>() is not NoOpAuditStore) provider = new AuditingChatProvider(provider, services.GetRequiredService<AuditGate>());
        return new MeteringChatProvider(provider, services.GetRequiredService<FacadeMetrics>(), services.GetRequiredService<TimeProvider>());
    }

    private static void AddProvider<TOptions, TProvider>(IServiceCollection services, IConfiguration configuration, string section, string name, List<string> names)
        where TOptions : ProviderOptions
        where TProvider : class, IChatProvider
    {
        names.Add(name);
        services.AddValidatedOptions<TOptions>(configuration, section, static (o, s) => o.Problems(s));
        services.AddSingleton<TProvider>();
        services.AddSingleton<IChatProvider>(sp => sp.GetRequiredService<TProvider>());
    }
}
