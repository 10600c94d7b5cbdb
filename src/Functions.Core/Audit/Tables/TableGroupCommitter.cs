using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// Group commit for table writes: writes to the same partition that arrive within a short linger (at most
/// 5 ms) leave together as one entity group transaction (at most 100 operations and under the 4 MiB payload
/// limit), one transaction in flight per partition while the next one gathers. Each caller awaits its own
/// operation; a failed transaction fails each of its callers, except that when the service names the failed
/// operation only that caller fails and the others go out again.
/// </summary>
public sealed partial class TableGroupCommitter
{
    private const int PayloadBudget = TableBatchBody.MaxPayloadBytes - 64 * 1024;

    private readonly ConcurrentDictionary<(string Table, string Partition), PartitionQueue> _queues = new();
    private readonly TimeSpan _linger;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private long _operations;
    private long _requests;
    private long _transactions;
    private int _largestTransaction;
    private long _failedRequests;

    /// <summary>Creates a committer that lets writes linger up to <paramref name="linger"/> (clamped to 0–5 ms).</summary>
    public TableGroupCommitter(TimeSpan linger, TimeProvider timeProvider, ILogger<TableGroupCommitter> logger)
    {
        _linger = TimeSpan.FromTicks(Math.Clamp(linger.Ticks, 0, TimeSpan.FromMilliseconds(5).Ticks));
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>What has been sent so far.</summary>
    public TableGroupCommitStatistics Statistics => new(
        Interlocked.Read(ref _operations), Interlocked.Read(ref _requests), Interlocked.Read(ref _transactions),
        Volatile.Read(ref _largestTransaction), Interlocked.Read(ref _failedRequests));

    /// <summary>
    /// Queues one operation; the task completes when it is durable, fails with the transaction's
    /// <see cref="TableServiceException"/>, or is cancelled by <paramref name="cancellationToken"/> (then the
    /// operation is dropped if it has not left yet).
    /// </summary>
    public Task SubmitAsync(ITableClient table, TableTransactionAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(action);
        var write = new PendingWrite(action, cancellationToken);
        while (true)
        {
            var queue = _queues.GetOrAdd((table.Name, action.Entity.PartitionKey), key => new PartitionQueue(this, table, key));
            if (queue.TryEnqueue(write))
            {
                return write.Task;
            }

            // The queue retired itself between the lookup and the enqueue: take a fresh one.
        }
    }

    private void Record(int operations, bool transaction, bool failed)
    {
        Interlocked.Increment(ref _requests);
        if (failed)
        {
            Interlocked.Increment(ref _failedRequests);
            return;
        }

        Interlocked.Add(ref _operations, operations);
        if (transaction)
        {
            Interlocked.Increment(ref _transactions);
            int largest;
            while (operations > (largest = Volatile.Read(ref _largestTransaction))
                && Interlocked.CompareExchange(ref _largestTransaction, operations, largest) != largest)
            {
            }
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Group commit of {Count} operations to {Table}/{Partition} failed with status {Status} {ErrorCode}")]
    private static partial void LogTransactionFailed(ILogger logger, int count, string table, string partition, int status, string? errorCode, Exception exception);
}
