namespace Functions.Core.Audit;

/// <summary>What an audit store has done so far and what it holds now (a snapshot; counters since the start).</summary>
public sealed record AuditStoreStatistics
{
    /// <summary>A store that records nothing.</summary>
    public static AuditStoreStatistics Empty { get; } = new();

    /// <summary>Calls whose record was written before they went upstream.</summary>
    public long Begun { get; init; }

    /// <summary>Calls refused at once because the store was behind (admission control).</summary>
    public long Refused { get; init; }

    /// <summary>Calls whose record could not be written within <c>Audit:WriteTimeout</c>.</summary>
    public long BeginFailures { get; init; }

    /// <summary>Completions written.</summary>
    public long Completed { get; init; }

    /// <summary>Completions the service refused (not a transient failure), or still unwritten when the process stopped.</summary>
    public long CompletionFailures { get; init; }

    /// <summary>Completions waiting for storage now (retried until they land).</summary>
    public long PendingCompletions { get; init; }

    /// <summary>The memory those pending completions hold, approximately.</summary>
    public long PendingCompletionBytes { get; init; }

    /// <summary>Completions dropped because the pending ones had reached their bound while failing open.</summary>
    public long CompletionsDropped { get; init; }

    /// <summary>Requests refused before routing (and refused calls) recorded one by one.</summary>
    public long RejectionsRecorded { get; init; }

    /// <summary>Requests refused before routing (and refused calls) counted in summary rows instead.</summary>
    public long RejectionsSummarised { get; init; }

    /// <summary>Rejections handed over and not yet durable (records under way, or counts not yet written).</summary>
    public long RejectionsPending { get; init; }

    /// <summary>Calls begun (written or refused) per second over the last second.</summary>
    public double CallsPerSecond { get; init; }

    /// <summary>Lanes (partitions of the day) this instance writes records to now.</summary>
    public int ActiveLanes { get; init; }

    /// <summary>The group committer's figures: operations per request, requests per second, queue depth.</summary>
    public TableGroupCommitStatistics Committer { get; init; } = new();
}
