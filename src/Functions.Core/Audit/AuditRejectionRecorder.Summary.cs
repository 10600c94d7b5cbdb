using Azure;
using Functions.Core.Audit.Seals;

namespace Functions.Core.Audit;

internal sealed partial class AuditRejectionRecorder
{
    /// <summary>
    /// Counts a rejection for the next summary row, and makes sure one will be written. A record that was sealed
    /// (<paramref name="lost"/>) but is counted instead has its chain link declared lost in the summary.
    /// </summary>
    private void Count(DateTimeOffset time, int status, string? errorCode, AuditSealLink? lost = null)
    {
        lock (_lock)
        {
            _counts.Add(time, status, errorCode);
            if (lost is not null)
            {
                _counts.AddLost(lost.Seq, time);
            }

            Interlocked.Increment(ref _summarised);
            Interlocked.Increment(ref _counted);
            if (_summaryLoop is null)
            {
                // The loop outlives the request that started it: it belongs to no caller's trace or context.
                using (ExecutionContext.SuppressFlow())
                {
                    _summaryLoop = Task.Run(SummariseAsync);
                }
            }
        }
    }

    /// <summary>Writes the counts once per interval while there are any; ends when an interval brought none.</summary>
    private async Task SummariseAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.RejectionSummaryInterval, _time, _stopping).ConfigureAwait(false);
                await WriteSummaryAsync(_stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_lock)
            {
                if (_counts.IsEmpty)
                {
                    _summaryLoop = null;
                    return;
                }
            }
        }
    }

    /// <summary>Writes the counts gathered so far as one summary row; on failure they go back to be written with the next.</summary>
    private async Task WriteSummaryAsync(CancellationToken cancellationToken)
    {
        AuditRejectionCounts counts;
        lock (_lock)
        {
            if (_counts.IsEmpty)
            {
                return;
            }

            (counts, _counts) = (_counts, new AuditRejectionCounts());
        }

        AuditSealLink? link = null;
        try
        {
            var row = AuditRecordWriter.RejectionSummary(AuditKeys.LanePartition(AuditKeys.Day(counts.To), _lanes.First), _sealer.Chain, counts);
            link = _sealer.SealRow(row, await _sealer.KeyAsync(cancellationToken).ConfigureAwait(false));
            await _tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await _committer.SubmitAsync(new TableWrite(_tables.Records, new TableTransactionAction(TableTransactionActionType.UpsertReplace, row), TableWritePriority.Background), cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _counted, -counts.Count);
            Log.SummaryWritten(_logger, counts.Count, counts.From, counts.To);
        }
        catch (Exception e) when (TableFailure.IsStorage(e))
        {
            lock (_lock)
            {
                _counts.Add(counts);
                if (link is not null)
                {
                    _counts.AddLost(link.Seq, _time.GetUtcNow());
                }
            }

            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            Log.SummaryFailed(_logger, counts.Count, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "A rejected request's audit record with status {Status} could not be written; it is counted in the next rejection summary instead")]
        public static partial void RecordFailed(ILogger logger, int status, Exception exception);

        [LoggerMessage(EventId = 5022, Level = LogLevel.Information, Message = "{Count} rejected requests between {From} and {To} were counted in a summary row rather than recorded one by one")]
        public static partial void SummaryWritten(ILogger logger, long count, DateTimeOffset from, DateTimeOffset to);

        [LoggerMessage(EventId = 5023, Level = LogLevel.Warning, Message = "The summary of {Count} rejected requests could not be written; it goes out with the next one")]
        public static partial void SummaryFailed(ILogger logger, long count, Exception exception);
    }
}
