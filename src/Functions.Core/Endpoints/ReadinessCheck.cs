using Functions.Core.Audit.Seals;

namespace Functions.Core.Endpoints;

/// <summary>
/// What stops this instance from serving, each problem naming its setting: a secret a configured model's provider
/// needs that is not set, an audit seal key that is missing or too short while the audit is on, an audit store that
/// does not answer. <c>/health/ready</c> answers 503 while there is any; outside Development they stop the start.
/// A secret store that fails is not judged here: its own state already makes readiness fail.
/// </summary>
public sealed partial class ReadinessCheck(ISecretStore secrets, IAuditStore audit, ChatProviders providers, ModelCatalog catalog,
    IServiceProvider services, ILogger<ReadinessCheck> logger)
{
    /// <summary>How long the audit store may take to answer one probe.</summary>
    public static readonly TimeSpan StoreProbeTimeout = TimeSpan.FromSeconds(5);

    private string _lastLogged = "";

    /// <summary>Every problem now, each in one line naming its setting; empty when the instance can serve.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(CancellationToken cancellationToken)
    {
        List<string> problems = [];
        foreach (var provider in catalog.Models.Select(m => m.Provider).Distinct(StringComparer.Ordinal))
        {
            foreach (var name in providers.Get(provider).Secrets.Where(n => !IsOptional(n)))
            {
                if (await ReadAsync(name, cancellationToken).ConfigureAwait(false) is { Length: 0 })
                {
                    var models = string.Join(", ", catalog.Models.Where(m => m.Provider == provider).Select(m => $"'{m.Name}'"));
                    problems.Add($"Secret {name} (Secrets:Values:{name} without Key Vault) is not set; the {provider} model(s) {models} need it.");
                }
            }
        }

        if (audit is not NoOpAuditStore)
        {
            if (await ReadAsync(SecretNames.AuditSealKey, cancellationToken).ConfigureAwait(false) is { } text
                && AuditSealKey.TryCreate(text, out var problem) is null)
            {
                problems.Add($"Secret {SecretNames.AuditSealKey} (Secrets:Values:{SecretNames.AuditSealKey} without Key Vault) {problem}; the audit would write unsealed records.");
            }

            if (await StoreProblemAsync(cancellationToken).ConfigureAwait(false) is { } store) problems.Add(store);
        }

        var joined = string.Join('\n', problems);
        if (!string.Equals(Interlocked.Exchange(ref _lastLogged, joined), joined, StringComparison.Ordinal))
        {
            foreach (var problem in problems) Log.NotReady(logger, problem);
        }

        return problems;
    }

    // MindIE's key is optional (docs/mindie.md): a deployment behind mutual TLS alone has none.
    private static bool IsOptional(string name) => name == SecretNames.MindIEApiKey;

    /// <summary>The secret's value ("" when not set), or <c>null</c> when the store failed (its state reports that).</summary>
    private async Task<string?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await secrets.GetAsync(name, cancellationToken).ConfigureAwait(false))?.Trim() ?? "";
        }
        catch (SecretStoreException)
        {
            return null;
        }
    }

    private async Task<string?> StoreProblemAsync(CancellationToken cancellationToken)
    {
        var tables = services.GetRequiredService<AuditTables>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StoreProbeTimeout);
        try
        {
            // One row at most, of a partition no record uses: an answer of any kind, even "no such table", is reachable.
            await foreach (var _ in tables.Records.QueryAsync<TableEntity>("PartitionKey eq 'readiness'", maxPerPage: 1, select: ["PartitionKey"],
                cancellationToken: timeout.Token).AsPages().WithCancellation(timeout.Token).ConfigureAwait(false))
            {
                break;
            }

            return null;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Azure.RequestFailedException e)
        {
            var answer = e.Status == 0 ? "could not be reached" : $"answered {e.Status} {e.ErrorCode}";
            return $"Audit:ConnectionString / Audit:TableServiceUri: the audit store {answer}.";
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is Azure.RequestFailedException))
        {
            // The client's retries all failed.
            return "Audit:ConnectionString / Audit:TableServiceUri: the audit store could not be reached.";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"Audit:ConnectionString / Audit:TableServiceUri: the audit store did not answer within {StoreProbeTimeout.TotalSeconds:0} s.";
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Error, Message = "Not ready: {Problem}")]
        public static partial void NotReady(ILogger logger, string problem);
    }
}
