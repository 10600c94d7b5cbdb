using System.Collections.Concurrent;
using Functions.Core.Audit.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Functions.Core.Audit;

/// <summary>
/// The audit store on Azure Table Storage. A record's rows go through the <see cref="TableGroupCommitter"/>
/// as upserts, so that retries and a late begin never undo a completion; continuation rows are written
/// before the record row that points at them. The write side of the schema is in
/// <see cref="AuditRecordWriter"/>; the read side in <see cref="AuditReader"/>.
/// </summary>
public sealed partial class TableAuditStore : IAuditStore
{
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    private readonly AuditTables _tables;
    private readonly TableGroupCommitter _committer;
    private readonly AuditOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, PendingRecord> _pending = new(StringComparer.Ordinal);

    /// <summary>Creates the store on the given tables.</summary>
    public TableAuditStore(AuditTables tables, TableGroupCommitter committer, IOptions<AuditOptions> options, TimeProvider timeProvider, ILogger<TableAuditStore> logger)
    {
        _tables = tables;
        _committer = committer;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>What the group committer has sent so far (for tests and diagnostics).</summary>
    public TableGroupCommitStatistics Statistics => _committer.Statistics;

    /// <inheritdoc />
    public async Task BeginAsync(AuditStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentException.ThrowIfNullOrEmpty(start.RequestId);
        var pending = new PendingRecord(start, AuditKeys.ForRecord(start.RequestId, start.Time), _timeProvider.GetUtcNow());
        _pending[start.RequestId] = pending;
        ForgetAbandoned(pending.Since);

        var begun = _timeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.WriteTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var plan = AuditRecordWriter.ForStart(start, pending.Keys);
            await WriteWithRetriesAsync(plan, linked.Token).ConfigureAwait(false);
            pending.StartWritten = true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or TableServiceException)
        {
            var elapsed = _timeProvider.GetElapsedTime(begun);
            if (!_options.FailClosed)
            {
                AuditLog.BeginFailedOpen(_logger, start.RequestId, elapsed.TotalMilliseconds, e);
                return;
            }

            AuditLog.BeginFailedClosed(_logger, start.RequestId, elapsed.TotalMilliseconds, e);
            throw new AuditUnavailableException(start.RequestId, elapsed, e);
        }
    }

    /// <inheritdoc />
    public async Task CompleteAsync(AuditCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentException.ThrowIfNullOrEmpty(completion.RequestId);
        _pending.TryRemove(completion.RequestId, out var pending);
        if (pending is null)
        {
            AuditLog.CompletionWithoutBegin(_logger, completion.RequestId);
        }

        var keys = pending?.Keys ?? AuditKeys.ForRecord(completion.RequestId, completion.Time);
        var plan = AuditRecordWriter.ForCompletion(completion, keys, pending?.Start, pending?.StartWritten ?? false);
        using var timeout = new CancellationTokenSource(_options.CompleteTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var attempt = 0;
        var backoff = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            attempt++;
            try
            {
                await WriteAsync(plan, linked.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or TableServiceException)
            {
                if (linked.IsCancellationRequested || e is TableServiceException { IsTransient: false })
                {
                    AuditLog.CompletionFailed(_logger, completion.RequestId, attempt, e);
                    return;
                }

                AuditLog.CompletionRetrying(_logger, completion.RequestId, attempt, backoff.TotalMilliseconds, e);
                try
                {
                    await Task.Delay(backoff, _timeProvider, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    AuditLog.CompletionFailed(_logger, completion.RequestId, attempt, e);
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
            }
        }
    }

    /// <summary>Writes the plan, trying again after transient failures until <paramref name="cancellationToken"/> ends it.</summary>
    private async Task WriteWithRetriesAsync(AuditWritePlan plan, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await WriteAsync(plan, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableServiceException e) when (e.IsTransient)
            {
                await Task.Delay(backoff, _timeProvider, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMilliseconds(400).Ticks));
            }
        }
    }

    private async Task WriteAsync(AuditWritePlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await WriteOnceAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (TableServiceException e) when (e.ErrorCode == "TableNotFound")
        {
            // The tables went away under a running process: create them again and write once more.
            _tables.Invalidate();
            await WriteOnceAsync(plan, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteOnceAsync(AuditWritePlan plan, CancellationToken cancellationToken)
    {
        await _tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (plan.ContinuationRows.Count > 0)
        {
            await Task.WhenAll(plan.ContinuationRows.Select(row => Submit(_tables.Records, TableTransactionActionType.UpsertReplace, row, cancellationToken))).ConfigureAwait(false);
        }

        var writes = plan.IndexRows.Select(row => Submit(_tables.Index, TableTransactionActionType.UpsertMerge, row, cancellationToken))
            .Prepend(Submit(_tables.Records, TableTransactionActionType.UpsertMerge, plan.Record, cancellationToken));
        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    private Task Submit(ITableClient table, TableTransactionActionType type, TableEntity entity, CancellationToken cancellationToken) =>
        _committer.SubmitAsync(table, new TableTransactionAction(type, entity), cancellationToken);
}
