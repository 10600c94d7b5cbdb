using Azure.Core;
using Azure.Identity;
using Functions.Core.Audit.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Functions.Core.Audit;

/// <summary>Registers the audit store.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AuditOptions"/> from the <c>Audit</c> section and registers <see cref="IAuditStore"/>: the
    /// Table Storage store when <c>Audit:ConnectionString</c> or <c>Audit:TableServiceUri</c> is set (tables are
    /// created at first use), else a store that records nothing. Also registers <see cref="AuditReader"/>.
    /// </summary>
    public static IServiceCollection AddAuditStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITableService>(sp => CreateTableService(sp.GetRequiredService<IOptions<AuditOptions>>().Value));
        services.TryAddSingleton(sp => new AuditTables(sp.GetRequiredService<ITableService>(), sp.GetRequiredService<IOptions<AuditOptions>>().Value.TableName));
        services.TryAddSingleton(sp => new TableGroupCommitter(
            sp.GetRequiredService<IOptions<AuditOptions>>().Value.GroupCommitLinger,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TableGroupCommitter>>()));
        services.TryAddSingleton<TableAuditStore>();
        services.TryAddSingleton<AuditReader>();
        services.TryAddSingleton<IAuditStore>(sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<TableAuditStore>()
            : ActivatorUtilities.CreateInstance<NoOpAuditStore>(sp));
        return services;
    }

    /// <summary>
    /// The Table service the options name: the connection string's account, else <c>TableServiceUri</c> with
    /// <see cref="DefaultAzureCredential"/> (managed identity in Azure), or <paramref name="credential"/> if given.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither connection setting is given.</exception>
    public static ITableService CreateTableService(AuditOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new TableServiceClientOptions();
        clientOptions.Diagnostics.ApplicationId = "llm-facade-audit";
        // Begin has 2 s in all: a few quick tries here, the store's own loop retries until its deadline.
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(100);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new TableServiceClient(options.ConnectionString, clientOptions);
        }

        return options.TableServiceUri is { } uri
            ? new TableServiceClient(uri, credential ?? new DefaultAzureCredential(), clientOptions)
            : throw new InvalidOperationException("Set Audit:ConnectionString or Audit:TableServiceUri to store the audit trail.");
    }
}
