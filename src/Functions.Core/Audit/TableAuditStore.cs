using System.Collections.Concurrent;
using Azure;
using Functions.Core.Audit.Seals;

namespace Functions.Core.Audit;

/// <summary>
/// The audit store on Azure Table Storage (Azure.Data.Tables). A call's record is one urgent write to a lane of
/// its day, which the <see cref="TableGroupCommitter"/> puts into one transaction with the other calls of the
/// moment; its completion is one write to the same partition (record merge, caller and flagged index rows);
/// its request id index row goes out in the background. Admission control refuses a call at once when the
/// store is too far behind to write its record in time (<see cref="AuditAdmission"/>). Requests refused before
/// routing are recorded, or counted, by <see cref="AuditRejectionRecorder"/>. The write side of the schema is
/// in <see cref="AuditRecordWriter"/>; the read side in <see cref="AuditReader"/>. Every row is sealed in the write
/// that carries it (<see cref="AuditSealer"/>): the begin takes the next link of this process's chain.
/// </summary>
public sealed partial class TableAuditStore : IAuditStore, IAsyncDisposable
{
    private static readonly TimeSpan s_disposeFlush = TimeSpan.FromSeconds(5);

    private readonly AuditTables _tables;
    private readonly TableGroupCommitter _committer;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AuditLanes _lanes;
    private readonly AuditAdmission _admission;
    private readonly AuditRejectionRecorder _rejections;
    private readonly AuditSealer _sealer;
    private readonly ThroughputMeter _calls;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly AuditCompletionBacklog _completions;
    private readonly ConcurrentDictionary<string, PendingRecord> _pending = new(StringComparer.Ordinal);
    private long _begun;
    private long _refused;
    private long _beginFailures;
    private long _completed;
    private long _completionFailures;
    private readonly AuditEpisode _refusing;
    private readonly AuditEpisode _failing;
    private int _disposed;

    /// <summary>Creates the store on the given table.</summary>
    public TableAuditStore(AuditTables tables, TableGroupCommitter committer, AuditSealKeys sealKeys, IOptions<AuditOptions> options, TimeProvider time,
        ILogger<TableAuditStore> logger)
    {
        _tables = tables;
        _committer = committer;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _lanes = new AuditLanes(committer, tables.Records, time);
        _admission = new AuditAdmission(committer, _options, time);
        _sealer = new AuditSealer(sealKeys, new AuditSealChain($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"));
        _rejections = new AuditRejectionRecorder(tables, committer, _lanes, _admission, _sealer, _options, time, logger, _stopping.Token);
        _calls = new ThroughputMeter(time);
        _completions = new AuditCompletionBacklog(_options.MaxPendingCompletions, _options.MaxPendingCompletionBytes);
        _stoppingToken = _stopping.Token;
        _refusing = new AuditEpisode(time);
        _failing = new AuditEpisode(time);
    }

    /// <inheritdoc />
    public AuditStoreStatistics Statistics => new()
    {
        Begun = Interlocked.Read(ref _begun),
        Refused = Interlocked.Read(ref _refused),
        BeginFailures = Interlocked.Read(ref _beginFailures),
        Completed = Interlocked.Read(ref _completed),
        CompletionFailures = Interlocked.Read(ref _completionFailures),
        PendingCompletions = _completions.Count,
        PendingCompletionBytes = _completions.Bytes,
        CompletionsDropped = _completions.Dropped,
        RejectionsRecorded = _rejections.Recorded,
        RejectionsSummarised = _rejections.Summarised,
        RejectionsPending = _rejections.Pending,
        CallsPerSecond = _calls.Rate(TimeSpan.FromSeconds(1)),
        ActiveLanes = _lanes.Active,
        Committer = _committer.Statistics,
    };

    /// <inheritdoc />
    public async Task BeginAsync(AuditStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentException.ThrowIfNullOrEmpty(start.RequestId);
        _calls.Add(1);
        var pending = new PendingRecord(start, _time.GetUtcNow());
        _pending[start.RequestId] = pending;
        ForgetAbandoned(pending.Since);
        if (_completions.Full)
        {
            Refuse(pending, AuditUnavailableException.DefaultRetryAfter,
                $"{_completions.Count} completions ({_completions.Bytes / 1024} KiB) are waiting for the audit store, its bound (Audit:MaxPendingCompletions, Audit:MaxPendingCompletionBytes)");
            return;
        }

        if (!_admission.TryAdmit(1, out var retryAfter, out var reason))
        {
            Refuse(pending, retryAfter, reason);
            return;
        }

        Admitted();
        var keys = AuditKeys.ForRecord(start.RequestId, start.Time, _lanes.Choose(AuditKeys.Day(start.Time), 1));
        pending.Keys = keys;
        var plan = AuditRecordWriter.ForStart(start, keys);
        var begun = _time.GetTimestamp();
        pending.Seal = _sealer.SealNew(plan, await _sealer.KeyAsync(cancellationToken).ConfigureAwait(false));
        using var timeout = new CancellationTokenSource(_options.WriteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await AuditPlanWriter.WriteAsync(_tables, _committer, plan, TableWritePriority.Urgent, includeRequestIndex: false, linked.Token).ConfigureAwait(false);
            pending.StartWritten = true;
            Interlocked.Increment(ref _begun);
            // Nobody waits for the request id index row; the completion writes it if it has not landed by then.
            if (plan.RequestIndexRow is { } index)
            {
                pending.WriteRequestIndex(token => AuditPlanWriter.SubmitIndex(_tables, _committer, index, token), _stopping.Token);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && TableFailure.IsStorage(e))
        {
            Interlocked.Increment(ref _beginFailures);
            var elapsed = _time.GetElapsedTime(begun);
            if (_failing.Add())
            {
                // One line per outage; the end of the outage logs how many failed.
                if (_options.FailClosed) AuditLog.BeginFailingClosed(_logger, start.RequestId, elapsed.TotalMilliseconds, e);
                else AuditLog.BeginFailingOpen(_logger, start.RequestId, elapsed.TotalMilliseconds, e);
            }

            if (!_options.FailClosed)
            {
                return;
            }

            throw new AuditUnavailableException(start.RequestId, elapsed, e);
        }

        if (_failing.End() is { } outage)
        {
            AuditLog.WritingAgain(_logger, outage.Duration.TotalSeconds, outage.Count);
        }
    }

    /// <inheritdoc />
    public async Task CompleteAsync(AuditCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentException.ThrowIfNullOrEmpty(completion.RequestId);
        _pending.TryRemove(completion.RequestId, out var pending);
        if (pending is { StartWritten: false } && completion.Outcome == CallOutcome.Rejected)
        {
            // Refused for want of the audit: nothing went upstream. Recorded like a rejected request, so a store
            // that is behind is not handed a whole record per refused call.
            _rejections.RecordRefusedCall(pending.Start, pending.Keys, pending.Seal, completion);
            return;
        }

        if (pending is null)
        {
            AuditLog.CompletionWithoutBegin(_logger, completion.RequestId);
        }

        var keys = pending?.Keys ?? AuditKeys.ForRecord(completion.RequestId, pending?.Start.Time ?? completion.Time,
            _lanes.Choose(AuditKeys.Day(pending?.Start.Time ?? completion.Time), 2));
        var startWritten = pending?.StartWritten ?? false;
        var size = AuditCompletionBacklog.SizeOf(completion, startWritten ? null : pending?.Start);
        if (!_completions.TryAdd(size, dropWhenFull: !_options.FailClosed))
        {
            AuditLog.CompletionDropped(_logger, completion.RequestId, _completions.Count);
            DeclareLostIfUnwritten(pending);
            return;
        }

        // No deadline of its own: the committer retries while storage is down, for as long as the process lives.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stoppingToken);
        try
        {
            var requestIndex = pending is not { StartWritten: true, RequestIndexStarted: true } || !await pending.TakeOverRequestIndexAsync(linked.Token).ConfigureAwait(false);
            try
            {
                await WriteCompletionAsync(completion, keys, pending?.Start, pending?.Seal, startWritten, requestIndex, linked.Token).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (startWritten && e.Status == 404 && e.ErrorCode is "ResourceNotFound" or "EntityNotFound")
            {
                // The record row is gone although its start landed (the table was deleted meanwhile): write it whole.
                await WriteCompletionAsync(completion, keys, pending!.Start, pending.Seal, startWritten: false, requestIndex, linked.Token).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _completed);
        }
        catch (Exception e) when (TableFailure.IsStorage(e))
        {
            Interlocked.Increment(ref _completionFailures);
            if (linked.IsCancellationRequested)
            {
                AuditLog.CompletionAbandoned(_logger, completion.RequestId);
            }
            else
            {
                AuditLog.CompletionRefused(_logger, completion.RequestId, TableFailure.Answer(e)?.Status ?? 0, TableFailure.Answer(e)?.ErrorCode, e);
            }

            DeclareLostIfUnwritten(pending);
        }
        finally
        {
            _completions.Remove(size);
        }
    }

    private async Task WriteCompletionAsync(AuditCompletion completion, AuditRecordKeys keys, AuditStart? start, AuditSealState? begun, bool startWritten, bool requestIndex,
        CancellationToken cancellationToken)
    {
        var plan = AuditRecordWriter.ForCompletion(completion, keys, start, startWritten, requestIndex);
        await _sealer.SealCompletionAsync(plan, completion, begun, startWritten, cancellationToken).ConfigureAwait(false);
        _lanes.Count(plan.RecordWrite.Count + plan.ContinuationRows.Count);
        await AuditPlanWriter.WriteAsync(_tables, _committer, plan, TableWritePriority.Normal, includeRequestIndex: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void RecordRejected(AuditRejection rejection) => _rejections.Record(rejection);

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => _rejections.FlushAsync(cancellationToken);

    /// <summary>Writes what rejections are pending (for a few seconds at most), then stops every retry.</summary>
    public async ValueTask DisposeAsync()
    {
        // The container may hold this instance twice (as itself and as IAuditStore).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var flush = new CancellationTokenSource(s_disposeFlush, _time);
        try
        {
            await _rejections.FlushAsync(flush.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Storage did not answer in time: what is left is lost with the process, as the log says.
            AuditLog.RejectionsLost(_logger, _rejections.Pending);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>A record whose begin never landed and never will: its sealed link is declared lost, so verify sees no deletion.</summary>
    private void DeclareLostIfUnwritten(PendingRecord? pending)
    {
        if (pending is { StartWritten: false, Seal: { } seal })
        {
            _rejections.DeclareLost(seal.Link);
        }
    }

    private void Refuse(PendingRecord pending, TimeSpan retryAfter, string reason)
    {
        pending.Refused = true;
        Interlocked.Increment(ref _refused);
        if (_refusing.Add())
        {
            // One line per episode; its end logs how many were refused.
            if (_options.FailClosed) AuditLog.Refusing(_logger, _failing.Active ? LogLevel.Information : LogLevel.Warning, reason, retryAfter.TotalSeconds);
            else AuditLog.ProceedingOpen(_logger, reason);
        }

        if (!_options.FailClosed)
        {
            return;
        }

        throw new AuditUnavailableException(pending.Start.RequestId, retryAfter, reason);
    }

    private void Admitted()
    {
        if (_refusing.End() is { } episode)
        {
            AuditLog.AdmittingAgain(_logger, episode.Duration.TotalSeconds, episode.Count, Interlocked.Read(ref _refused));
        }
    }
}
