using System.Collections.Concurrent;
using Functions.Core.Audit.Seals;

namespace Functions.Core.Audit;

/// <summary>
/// Records requests refused before routing, and calls refused for want of the audit, off the request path and
/// through the same group commit as everything else (background priority). One by one while the store keeps
/// up, at most <c>Audit:RejectionRecordsPerSecond</c> (a token bucket) and at most
/// <see cref="MaxPendingRecords"/> records or <see cref="MaxPendingBytes"/> under way (they wait out an
/// outage); beyond that, or while the store is overloaded, each is counted by status and error code, and the counts are written as one summary row
/// per <c>Audit:RejectionSummaryInterval</c>. A record that cannot be written is counted instead, so no
/// rejection is dropped silently while the process lives.
/// </summary>
internal sealed partial class AuditRejectionRecorder
{
    /// <summary>The most rejection records under way at once.</summary>
    public const int MaxPendingRecords = 1_000;

    /// <summary>The most payload of rejection records under way at once (refused calls carry their prompts).</summary>
    public const long MaxPendingBytes = 16 * 1024 * 1024;

    private readonly AuditTables _tables;
    private readonly TableGroupCommitter _committer;
    private readonly AuditLanes _lanes;
    private readonly AuditAdmission _admission;
    private readonly AuditSealer _sealer;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<Task, byte> _writes = new();
    private readonly object _lock = new();
    private AuditRejectionCounts _counts = new();
    private double _tokens;
    private long _refilled;
    private long _pendingBytes;
    private int _pendingRecords;
    private long _recorded;
    private long _summarised;
    private long _counted;
    private Task? _summaryLoop;

    public AuditRejectionRecorder(AuditTables tables, TableGroupCommitter committer, AuditLanes lanes, AuditAdmission admission, AuditSealer sealer,
        AuditOptions options, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        _sealer = sealer;
        _tables = tables;
        _committer = committer;
        _lanes = lanes;
        _admission = admission;
        _options = options;
        _time = time;
        _logger = logger;
        _stopping = stopping;
        _tokens = Math.Max(1, options.RejectionRecordsPerSecond);
        _refilled = time.GetTimestamp();
    }

    /// <summary>Rejections written one by one.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    /// <summary>Rejections counted in summaries (written or still to be written).</summary>
    public long Summarised => Interlocked.Read(ref _summarised);

    /// <summary>Rejections not yet durable: records under way plus counts not yet written.</summary>
    public long Pending => Volatile.Read(ref _pendingRecords) + Interlocked.Read(ref _counted);

    /// <summary>Records a request refused before routing, or counts it.</summary>
    public void Record(AuditRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        ArgumentException.ThrowIfNullOrEmpty(rejection.RequestId);
        Write(() => AuditRecordWriter.ForRejection(rejection, KeysFor(rejection.RequestId, rejection.Time)), null, rejection.Time, rejection.Status, rejection.ErrorCode);
    }

    /// <summary>
    /// Records a call refused because its record could not be written (start and completion), or counts it. A begin
    /// that was sealed (<paramref name="begun"/>) keeps its chain link: the whole record goes out with it.
    /// </summary>
    public void RecordRefusedCall(AuditStart start, AuditRecordKeys? keys, AuditSealState? begun, AuditCompletion completion) =>
        Write(() => AuditRecordWriter.ForCompletion(completion, keys ?? KeysFor(start.RequestId, start.Time), start, startWritten: false, requestIndex: true),
            begun, start.Time, completion.Status, completion.ErrorCode);

    /// <summary>Declares a chain link that was sealed but whose row will not be written (written with the next summary).</summary>
    public void DeclareLost(AuditSealLink link)
    {
        lock (_lock)
        {
            _counts.AddLost(link.Seq, _time.GetUtcNow());
            _summaryLoop ??= Task.Run(SummariseAsync);
        }
    }

    /// <summary>Completes when every record under way is durable (or counted) and the counts so far are written.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_writes.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        await WriteSummaryAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Write(Func<AuditWritePlan> plan, AuditSealState? begun, DateTimeOffset time, int status, string? errorCode)
    {
        if (_admission.Overloaded || !TryTakeToken() || Volatile.Read(ref _pendingRecords) >= MaxPendingRecords)
        {
            Count(time, status, errorCode, begun?.Link);
            return;
        }

        var writes = plan();
        var bytes = writes.ContinuationRows.Sum(r => TablePayloadSize.OfEntity(r)) + writes.RecordWrite.Sum(TablePayloadSize.Of);
        if (Interlocked.Add(ref _pendingBytes, bytes) > MaxPendingBytes)
        {
            Interlocked.Add(ref _pendingBytes, -bytes);
            Count(time, status, errorCode, begun?.Link);
            return;
        }

        Interlocked.Increment(ref _pendingRecords);
        var task = WriteAsync(writes, begun, bytes, time, status, errorCode);
        _writes.TryAdd(task, 0);
        _ = task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
            _writes, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task WriteAsync(AuditWritePlan plan, AuditSealState? begun, long bytes, DateTimeOffset time, int status, string? errorCode)
    {
        var link = begun?.Link;
        try
        {
            if (begun is not null)
            {
                _sealer.SealCompletion(plan, begun, startWritten: false);
            }
            else
            {
                link = _sealer.SealNew(plan, await _sealer.KeyAsync(_stopping).ConfigureAwait(false))?.Link;
            }

            await AuditPlanWriter.WriteAsync(_tables, _committer, plan, TableWritePriority.Background, includeRequestIndex: true, _stopping).ConfigureAwait(false);
            Interlocked.Increment(ref _recorded);
        }
        catch (Exception e) when (TableFailure.IsStorage(e))
        {
            // Refused by the service, or the process is stopping: the rejection is counted rather than lost.
            Log.RecordFailed(_logger, status, e);
            Count(time, status, errorCode, link);
        }
        finally
        {
            Interlocked.Add(ref _pendingBytes, -bytes);
            Interlocked.Decrement(ref _pendingRecords);
        }
    }

    private AuditRecordKeys KeysFor(string requestId, DateTimeOffset time) => AuditKeys.ForRecord(requestId, time, _lanes.Choose(AuditKeys.Day(time), 2));

    private bool TryTakeToken()
    {
        var rate = Math.Max(1, _options.RejectionRecordsPerSecond);
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(rate, _tokens + _time.GetElapsedTime(_refilled, now).TotalSeconds * rate);
            _refilled = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
