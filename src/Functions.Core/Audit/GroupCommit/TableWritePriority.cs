namespace Functions.Core.Audit.GroupCommit;

/// <summary>
/// How soon a <see cref="TableWrite"/> must leave. A transaction takes waiting writes in this order, so a
/// write the request path waits for never queues behind background work of its partition.
/// </summary>
public enum TableWritePriority
{
    /// <summary>A caller is waiting for it (the record a call needs before it goes upstream): leaves after the short linger.</summary>
    Urgent = 0,

    /// <summary>Nobody waits, but it should land soon (completions): lingers longer to share a transaction.</summary>
    Normal = 1,

    /// <summary>Bookkeeping that may wait (index rows, rejected requests, summaries): lingers longest.</summary>
    Background = 2,
}
