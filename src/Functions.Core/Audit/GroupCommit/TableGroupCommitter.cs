using System.Collections.Concurrent;

namespace Functions.Core.Audit.GroupCommit;

/// <summary>
/// Group commit across callers, which Azure.Data.Tables does not do: writes to the same partition that arrive
/// close together leave as one entity group transaction (at most 100 operations, under the 4 MiB payload),
/// urgent writes first. A partition's batch leaves once its oldest write has lingered for its priority's
/// linger, or at once when a full batch waits; up to <see cref="TableGroupCommitOptions.MaxInFlightPerPartition"/>
/// transactions per partition are under way at a time, never two touching the same row. Transient failures
/// (no answer, throttling, server errors) are retried with backoff until each writer's cancellation ends its
/// wait; when the service names the operation that failed a transaction, only that write fails and the
/// others go again; a missing table is created. Each caller awaits its own write.
/// </summary>
public sealed partial class TableGroupCommitter
{
    private static readonly TimeSpan s_maxDrainWindow = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string Table, string Partition), PartitionQueue> _queues = new();
    private readonly TableGroupCommitOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ThroughputMeter _operationMeter;
    private readonly ThroughputMeter _requestMeter;
    private long _operations;
    private long _writes;
    private long _requests;
    private long _transactions;
    private int _largestTransaction;
    private long _failedRequests;
    private int _waitingOperations;
    private int _urgentOperations;
    private int _inFlightOperations;
    private long _latencyTicks;
    private int _failingPartitions;
    private long _outageStarted;
    private long _failedRequestsAtOutageStart;

    /// <summary>Creates a committer.</summary>
    public TableGroupCommitter(TableGroupCommitOptions options, TimeProvider time, ILogger<TableGroupCommitter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _logger = logger;
        _operationMeter = new ThroughputMeter(time);
        _requestMeter = new ThroughputMeter(time);
    }

    /// <summary>What has been sent so far, and what waits now.</summary>
    public TableGroupCommitStatistics Statistics => new()
    {
        Operations = Interlocked.Read(ref _operations),
        Writes = Interlocked.Read(ref _writes),
        Requests = Interlocked.Read(ref _requests),
        Transactions = Interlocked.Read(ref _transactions),
        LargestTransaction = Volatile.Read(ref _largestTransaction),
        FailedRequests = Interlocked.Read(ref _failedRequests),
        WaitingOperations = Volatile.Read(ref _waitingOperations),
        InFlightOperations = Volatile.Read(ref _inFlightOperations),
        OperationsPerSecond = _operationMeter.Rate(TimeSpan.FromSeconds(1)),
        RequestsPerSecond = _requestMeter.Rate(TimeSpan.FromSeconds(1)),
    };

    /// <summary>
    /// Queues one write. The task completes when the write is durable, or fails with the service's
    /// <see cref="Azure.RequestFailedException"/> when it is refused for good (a conflict, a bad entity).
    /// Transient failures are retried until <paramref name="cancellationToken"/> is cancelled: that withdraws the
    /// write (the task is cancelled) if it has not left; a write already under way is not withdrawn, and its task
    /// still tells whether it landed (a caller with a deadline awaits it with <c>WaitAsync</c>).
    /// </summary>
    public Task SubmitAsync(TableWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var pending = new PendingWrite(write, _time.GetTimestamp(), Interlocked.Read(ref _operations), cancellationToken);
        while (true)
        {
            var queue = _queues.GetOrAdd((write.Table.Name, write.PartitionKey), key => new PartitionQueue(this, write.Table, key));
            if (queue.TryEnqueue(pending))
            {
                pending.Watch();
                return pending.Task;
            }

            // The queue retired itself between the lookup and the enqueue: take a fresh one.
        }
    }

    /// <summary>Operations waiting for or under way in one partition (zero when it is idle).</summary>
    public int Load(TableClient table, string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(table);
        return _queues.TryGetValue((table.Name, partitionKey), out var queue) ? queue.Load : 0;
    }

    /// <summary>What waits now, how fast the store has been taking it, and how long a request usually takes.</summary>
    public TableGroupCommitBacklog Backlog()
    {
        var now = _time.GetTimestamp();
        long oldestUrgent = now;
        PendingWrite? oldest = null;
        PendingWrite? oldestCall = null;
        var callOperations = 0;
        var failing = false;
        foreach (var queue in _queues.Values)
        {
            var view = queue.View();
            oldest = Older(oldest, view.Oldest);
            oldestCall = Older(oldestCall, view.OldestCall);
            oldestUrgent = Math.Min(oldestUrgent, view.OldestUrgent ?? now);
            callOperations += view.CallOperations;
            failing |= view.Failing;
        }

        // The rate since the oldest pending write of a call was submitted (background writes' only when no call's
        // waits), exactly; over the last second when that is longer ago.
        var since = oldestCall ?? oldest;
        var sinceWait = since is null ? TimeSpan.Zero : _time.GetElapsedTime(since.Enqueued, now);
        var drainRate = since is null || sinceWait > s_maxDrainWindow ? _operationMeter.Rate(s_maxDrainWindow)
            : (Interlocked.Read(ref _operations) - since.WrittenBefore) / Math.Max(sinceWait.TotalSeconds, 1e-3);
        return new TableGroupCommitBacklog(
            Volatile.Read(ref _waitingOperations), Volatile.Read(ref _urgentOperations), Volatile.Read(ref _inFlightOperations),
            oldest is null ? TimeSpan.Zero : _time.GetElapsedTime(oldest.Enqueued, now), _time.GetElapsedTime(oldestUrgent, now), drainRate,
            TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks)), failing)
        {
            CallOperations = callOperations,
            OldestCallWait = oldestCall is null ? TimeSpan.Zero : _time.GetElapsedTime(oldestCall.Enqueued, now),
        };

        static PendingWrite? Older(PendingWrite? a, PendingWrite? b) => a is null || (b is not null && b.Enqueued < a.Enqueued) ? b : a;
    }

    /// <summary>Keeps a moving average of how long a successful request takes.</summary>
    private void RecordLatency(TimeSpan latency)
    {
        long current, next;
        do
        {
            current = Interlocked.Read(ref _latencyTicks);
            next = current == 0 ? latency.Ticks : (long)(current * 0.8 + latency.Ticks * 0.2);
        }
        while (Interlocked.CompareExchange(ref _latencyTicks, next, current) != current);
    }

    private void Waiting(TableWrite write, int sign)
    {
        Interlocked.Add(ref _waitingOperations, sign * write.Actions.Count);
        if (write.Priority == TableWritePriority.Urgent)
        {
            Interlocked.Add(ref _urgentOperations, sign * write.Actions.Count);
        }
    }

    private void Record(int writes, int operations, bool failed)
    {
        Interlocked.Increment(ref _requests);
        _requestMeter.Add(1);
        if (failed)
        {
            Interlocked.Increment(ref _failedRequests);
            return;
        }

        Interlocked.Add(ref _operations, operations);
        Interlocked.Add(ref _writes, writes);
        _operationMeter.Add(operations);
        if (operations > 1)
        {
            Interlocked.Increment(ref _transactions);
            int largest;
            while (operations > (largest = Volatile.Read(ref _largestTransaction))
                && Interlocked.CompareExchange(ref _largestTransaction, operations, largest) != largest)
            {
            }
        }
    }

    /// <summary>
    /// A partition's writes start failing: true when it is the first of the store's partitions to fail (the start of
    /// an outage, logged once as a warning; the others' failures go to debug).
    /// </summary>
    private bool PartitionStartsFailing()
    {
        if (Interlocked.Increment(ref _failingPartitions) != 1) return false;
        Volatile.Write(ref _outageStarted, _time.GetTimestamp());
        Volatile.Write(ref _failedRequestsAtOutageStart, Interlocked.Read(ref _failedRequests));
        return true;
    }

    /// <summary>
    /// A failing partition writes again, or has nothing left to write: when it was the last one failing, the outage is
    /// over and its length and failed requests are logged (<paramref name="recovered"/>) or not (the writes gave up).
    /// </summary>
    private void PartitionStopsFailing(string table, bool recovered)
    {
        if (Interlocked.Decrement(ref _failingPartitions) == 0 && recovered)
        {
            LogRecovered(_logger, table, _time.GetElapsedTime(Volatile.Read(ref _outageStarted)).TotalSeconds,
                Interlocked.Read(ref _failedRequests) - Volatile.Read(ref _failedRequestsAtOutageStart));
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Writes of {Count} operations to {Table}/{Partition} failed with status {Status} {ErrorCode}; they are retried until they land, and further failures of this outage are logged at debug level")]
    private static partial void LogFailing(ILogger logger, int count, string table, string partition, int status, string? errorCode, Exception exception);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Writes of {Count} operations to {Table}/{Partition} failed again with status {Status} {ErrorCode}")]
    private static partial void LogStillFailing(ILogger logger, int count, string table, string partition, int status, string? errorCode);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Writes to {Table} succeed again after {OutageSeconds:F1} s and {FailedRequests} failed requests")]
    private static partial void LogRecovered(ILogger logger, string table, double outageSeconds, long failedRequests);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Error, Message = "The group commit loop of {Table}/{Partition} failed; its waiting writes fail")]
    private static partial void LogLoopFailed(ILogger logger, string table, string partition, Exception exception);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "A write to {Table}/{Partition} was refused with status {Status} {ErrorCode}")]
    private static partial void LogRefused(ILogger logger, string table, string partition, int status, string? errorCode, Exception exception);
}
