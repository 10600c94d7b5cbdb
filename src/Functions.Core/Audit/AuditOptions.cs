using Functions.Core.Audit.Schedule;

namespace Functions.Core.Audit;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Audit";

    /// <summary>A storage connection string (account key, SAS, or <c>UseDevelopmentStorage=true</c> for Azurite).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Table endpoint for Entra ID access (managed identity via <c>DefaultAzureCredential</c>), used when no connection string is set.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The audit table.</summary>
    public string TableName { get; set; } = "AuditLog";

    /// <summary>Whether a call is refused (503 <c>audit_unavailable</c>) when its record cannot be written; false proceeds and logs an error.</summary>
    public bool FailClosed { get; set; } = true;

    /// <summary>
    /// How long <see cref="IAuditStore.BeginAsync"/> may take, retries included. Also the admission limit's
    /// yardstick: a call is refused at once when the store's backlog would take more than half of it.
    /// </summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The most completions one instance holds while storage does not take them (each is retried until it lands or
    /// the process stops). At the bound, new calls are refused (fail closed) or their completions dropped (fail open).
    /// </summary>
    public int MaxPendingCompletions { get; set; } = 10_000;

    /// <summary>The most memory, approximately, those pending completions may hold (128 MiB).</summary>
    public long MaxPendingCompletionBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>How long a record written before a call waits for others to its partition (clamped to 0–20 ms).</summary>
    public TimeSpan GroupCommitLinger { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// The most requests refused before routing that one instance records one by one per second; beyond it, and
    /// whenever the store is behind, they are counted in a summary row per interval instead.
    /// </summary>
    public int RejectionRecordsPerSecond { get; set; } = 100;

    /// <summary>How often counted rejections are written as a summary row.</summary>
    public TimeSpan RejectionSummaryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most <see cref="RetentionDays"/> may be (100 years).</summary>
    public const int MaxRetentionDays = 36_500;

    /// <summary>
    /// How many days records are kept: the scheduled purge (<c>Audit:Schedule:Purge</c>) deletes every whole UTC day
    /// before today minus this many days. Absent: nothing is ever purged.
    /// </summary>
    public int? RetentionDays { get; set; }

    /// <summary>The daily verify and purge this app runs (<c>Audit:Schedule</c>); both off unless set.</summary>
    public AuditScheduleOptions Schedule { get; set; } = new();

    /// <summary>Whether either connection setting is given.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || TableServiceUri is not null;

    private static bool IsConnectionString(string text)
    {
        try
        {
            _ = new TableServiceClient(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What is wrong with these settings, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (WriteTimeout <= TimeSpan.Zero) yield return $"{section}:WriteTimeout must be positive.";
        if (GroupCommitLinger < TimeSpan.Zero) yield return $"{section}:GroupCommitLinger must not be negative.";
        if (MaxPendingCompletions < 1) yield return $"{section}:MaxPendingCompletions must be at least 1.";
        if (MaxPendingCompletionBytes < 1024 * 1024) yield return $"{section}:MaxPendingCompletionBytes must be at least 1 MiB (1048576).";
        if (RejectionRecordsPerSecond < 0) yield return $"{section}:RejectionRecordsPerSecond must not be negative.";
        if (RejectionSummaryInterval <= TimeSpan.Zero) yield return $"{section}:RejectionSummaryInterval must be positive.";
        if (!string.IsNullOrWhiteSpace(ConnectionString) && !IsConnectionString(ConnectionString))
        {
            // The value is a secret (it may hold an account key): named, never shown.
            yield return $"{section}:ConnectionString is not a storage connection string "
                + "(UseDevelopmentStorage=true, or DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...; or a SAS connection string).";
        }

        if (RetentionDays is < 1 or > MaxRetentionDays) yield return $"{section}:RetentionDays must be between 1 and {MaxRetentionDays} (days), or absent to keep records forever.";
        if (Schedule.Purge && RetentionDays is null) yield return $"{section}:Schedule:Purge needs {section}:RetentionDays (the days to keep).";
        if ((Schedule.Verify || Schedule.Purge) && !IsConfigured)
        {
            yield return $"{section}:Schedule:{(Schedule.Verify ? "Verify" : "Purge")} needs {section}:ConnectionString or {section}:TableServiceUri (the audit table).";
        }
    }
}
