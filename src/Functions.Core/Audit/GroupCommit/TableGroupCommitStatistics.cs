namespace Functions.Core.Audit.GroupCommit;

/// <summary>What a <see cref="TableGroupCommitter"/> has done so far and what it holds now (a snapshot).</summary>
public sealed record TableGroupCommitStatistics
{
    /// <summary>Operations (entities inserted, merged, replaced or deleted) written successfully.</summary>
    public long Operations { get; init; }

    /// <summary>Writes (groups of operations that land together) written successfully.</summary>
    public long Writes { get; init; }

    /// <summary>Storage requests sent: single operations plus transactions, failed ones included.</summary>
    public long Requests { get; init; }

    /// <summary>Entity group transactions sent (two or more operations each).</summary>
    public long Transactions { get; init; }

    /// <summary>The most operations one transaction carried.</summary>
    public int LargestTransaction { get; init; }

    /// <summary>Requests that failed (each is retried or reported to its writers).</summary>
    public long FailedRequests { get; init; }

    /// <summary>Operations waiting to be sent (the queue depth).</summary>
    public int WaitingOperations { get; init; }

    /// <summary>Operations in requests under way.</summary>
    public int InFlightOperations { get; init; }

    /// <summary>Operations written per successful request since the start: how well writes were grouped.</summary>
    public double OperationsPerRequest => Requests - FailedRequests is > 0 and var ok ? Operations / (double)ok : 0;

    /// <summary>Operations written per second over the last second.</summary>
    public double OperationsPerSecond { get; init; }

    /// <summary>Storage requests sent per second over the last second.</summary>
    public double RequestsPerSecond { get; init; }
}
