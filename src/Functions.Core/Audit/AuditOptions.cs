namespace Functions.Core.Audit;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Audit";

    /// <summary>A storage connection string (account key, or <c>UseDevelopmentStorage=true</c> for Azurite).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Table endpoint for Entra ID access (managed identity via <c>DefaultAzureCredential</c>), used when no connection string is set.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The records table; the index table is this name plus <c>Index</c>.</summary>
    public string TableName { get; set; } = "AuditLog";

    /// <summary>Whether a call is refused (503 <c>audit_unavailable</c>) when its record cannot be written; false proceeds and logs an error.</summary>
    public bool FailClosed { get; set; } = true;

    /// <summary>How long <see cref="IAuditStore.BeginAsync"/> may take, retries included.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long <see cref="IAuditStore.CompleteAsync"/> keeps retrying before it logs the failure.</summary>
    public TimeSpan CompleteTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a write waits for others to the same partition to share its batch (at most 5 ms).</summary>
    public TimeSpan GroupCommitLinger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Whether either connection setting is given.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || TableServiceUri is not null;
}
