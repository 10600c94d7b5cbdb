using Azure.Core;
using Azure.Identity;
using Functions.Core.Configuration;
using Functions.Core.Audit.Schedule;
using Functions.Core.Audit.Seals;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Functions.Core.Audit;

/// <summary>Registers the audit store.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AuditOptions"/> from the <c>Audit</c> section and registers <see cref="IAuditStore"/>: the
    /// Table Storage store when <c>Audit:ConnectionString</c> or <c>Audit:TableServiceUri</c> is set (the table is
    /// created at first use), else a store that records nothing. Rows are sealed with the secret <c>audit-seal-key</c>
    /// from the registered <see cref="ISecretStore"/> (else <c>Secrets:Values:audit-seal-key</c>). Also registers <see cref="AuditReader"/> and the
    /// account's <see cref="TableServiceClient"/> (which other users of the account may share).
    /// </summary>
    public static IServiceCollection AddAuditStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<AuditOptions>(configuration, AuditOptions.SectionName, static (o, section) => o.Problems(section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CreateTableServiceClient(sp.GetRequiredService<IOptions<AuditOptions>>().Value));
        services.TryAddSingleton(sp => new AuditTables(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<AuditOptions>>().Value.TableName));
        services.TryAddSingleton(sp => new TableGroupCommitter(
            new TableGroupCommitOptions { UrgentLinger = sp.GetRequiredService<IOptions<AuditOptions>>().Value.GroupCommitLinger },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TableGroupCommitter>>()));
        // The seal key comes from the facade's secret store; hosts without one (tools, tests) read Secrets:Values.
        services.TryAddSingleton(sp => new AuditSealKeys(sp.GetService<ISecretStore>() ?? new ConfigurationSecretStore(configuration),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AuditSealKeys>>()));
        services.TryAddSingleton<TableAuditStore>();
        services.TryAddSingleton<AuditReader>();
        services.TryAddSingleton<IAuditStore>(sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<TableAuditStore>()
            : ActivatorUtilities.CreateInstance<NoOpAuditStore>(sp));
        return services;
    }

    /// <summary>
    /// Registers <see cref="AuditSchedule"/>, the daily verify and purge (<c>Audit:Schedule</c>, <c>Audit:RetentionDays</c>,
    /// validated with the other <see cref="AuditOptions"/> by <see cref="AddAuditStore"/>), and its metrics. The seal
    /// keys come from the registered <see cref="ISecretStore"/>, else <c>Secrets:Values</c>. Nothing runs by itself:
    /// a host calls the jobs on its schedule.
    /// </summary>
    public static IServiceCollection AddAuditSchedule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();
        services.TryAddSingleton<AuditScheduleMetrics>();
        // The table only when a job runs: without audit storage the app still starts (and the jobs are off).
        services.TryAddSingleton(sp => new AuditSchedule(sp.GetRequiredService<IOptions<AuditOptions>>(), new Lazy<AuditTables>(sp.GetRequiredService<AuditTables>),
            sp.GetService<ISecretStore>() ?? new ConfigurationSecretStore(configuration), sp.GetRequiredService<AuditScheduleMetrics>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AuditSchedule>>()));
        return services;
    }

    /// <summary>
    /// The Table service the options name: the connection string's account (an account key, a SAS, or
    /// <c>UseDevelopmentStorage=true</c>), else <c>TableServiceUri</c> with <see cref="DefaultAzureCredential"/>
    /// (managed identity in Azure), or <paramref name="credential"/> if given. <paramref name="configure"/> may
    /// add pipeline policies.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither connection setting is given.</exception>
    public static TableServiceClient CreateTableServiceClient(AuditOptions options, TokenCredential? credential = null, Action<TableClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new TableClientOptions();
        clientOptions.Diagnostics.ApplicationId = "llm-facade-audit";
        // The group committer retries on its own schedule until each writer's deadline: one quick retry here.
        clientOptions.Retry.MaxRetries = 1;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(50);
        clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(500);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        configure?.Invoke(clientOptions);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new TableServiceClient(options.ConnectionString, clientOptions);
        }

        return options.TableServiceUri is { } uri
            ? new TableServiceClient(uri, credential ?? new DefaultAzureCredential(), clientOptions)
            : throw new InvalidOperationException("Set Audit:ConnectionString or Audit:TableServiceUri to store the audit trail.");
    }
}
