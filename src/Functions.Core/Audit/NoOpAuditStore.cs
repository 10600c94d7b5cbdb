namespace Functions.Core.Audit;

/// <summary>The store used when no audit storage is configured: it records nothing, so the app runs without storage.</summary>
public sealed class NoOpAuditStore : IAuditStore
{
    /// <summary>Creates the store and warns once that calls are not audited.</summary>
    public NoOpAuditStore(ILogger<NoOpAuditStore> logger) => AuditLog.NotConfigured(logger);

    /// <inheritdoc />
    public AuditStoreStatistics Statistics => AuditStoreStatistics.Empty;

    /// <inheritdoc />
    public Task BeginAsync(AuditStart start, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task CompleteAsync(AuditCompletion completion, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void RecordRejected(AuditRejection rejection)
    {
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
