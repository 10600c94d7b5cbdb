using Azure;

namespace Functions.Core.Audit.GroupCommit;

public sealed partial class TableGroupCommitter
{
    private sealed partial class PartitionQueue
    {
        private static readonly TimeSpan s_firstBackoff = TimeSpan.FromMilliseconds(50);

        /// <summary>Sends one batch and settles each of its writes: durable, refused, or back in the queue.</summary>
        private async Task SendAsync(List<PendingWrite> batch)
        {
            var actions = batch.SelectMany(w => w.Write.Actions).ToList();
            var started = owner._time.GetTimestamp();
            Exception? failure = null;
            try
            {
                await (actions.Count == 1 ? SendSingleAsync(actions[0]) : table.SubmitTransactionAsync(actions, CancellationToken.None)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Anything else (an entity the client cannot send) is a refusal of the batch, never a hung queue.
                failure = e;
            }

            owner.Record(batch.Count, actions.Count, failure is not null);
            if (failure is null)
            {
                owner.RecordLatency(owner._time.GetElapsedTime(started));
            }

            if (failure is not null && TableFailure.Answer(failure) is { ErrorCode: "TableNotFound" })
            {
                // The table is gone (deleted, or an emulator lost it): create it, then everything goes again.
                failure = await CreateTableAsync().ConfigureAwait(false);
                Settle(batch, requeue: batch, refused: null, null, transient: failure is not null);
                return;
            }

            if (failure is null)
            {
                Settle(batch, requeue: [], refused: null, null, transient: false);
                return;
            }

            if (TableFailure.IsTransient(failure))
            {
                Settle(batch, requeue: batch, refused: null, failure, transient: true);
                return;
            }

            var index = (failure as TableTransactionFailedException)?.FailedTransactionActionIndex;
            if (batch.Count > 1 && index is { } i && i >= 0 && i < actions.Count)
            {
                // Nothing of the transaction applied: only the named operation's write fails, the others go again.
                var culprit = Owner(batch, i);
                Settle(batch, requeue: batch.Where(w => w != culprit).ToList(), refused: culprit, failure, transient: false);
                return;
            }

            if (batch.Count > 1)
            {
                // Refused without naming an operation: each write goes again on its own to find the bad one.
                batch.ForEach(w => w.Alone = true);
                Settle(batch, requeue: batch, refused: null, failure, transient: false);
                return;
            }

            Settle(batch, requeue: [], refused: batch[0], failure, transient: false);
        }

        /// <summary>Ends a batch under the lock, then completes its writers outside it.</summary>
        private void Settle(List<PendingWrite> batch, IReadOnlyCollection<PendingWrite> requeue, PendingWrite? refused, Exception? failure, bool transient)
        {
            var status = failure is null ? 0 : TableFailure.Answer(failure)?.Status ?? 0;
            var code = failure is null ? null : TableFailure.Answer(failure)?.ErrorCode;
            lock (_lock)
            {
                _inFlight--;
                foreach (var pending in batch)
                {
                    _inFlightOperations -= pending.Write.Actions.Count;
                    Interlocked.Add(ref owner._inFlightOperations, -pending.Write.Actions.Count);
                    _rowsInFlight.ExceptWith(pending.Write.RowKeys);
                }

                foreach (var pending in batch)
                {
                    pending.InFlight = false;
                    _writesInFlight.Remove(pending);
                }

                foreach (var priority in s_priorities)
                {
                    // A caller who gave up while its write was under way gets no retry.
                    var again = requeue.Where(w => w.Write.Priority == priority && !w.CancellationToken.IsCancellationRequested).ToList();
                    _waiting[(int)priority].InsertRange(0, again);
                    foreach (var pending in again)
                    {
                        _waitingOperations += pending.Write.Actions.Count;
                        owner.Waiting(pending.Write, +1);
                    }
                }

                if (transient)
                {
                    _backoff = _failures == 0 ? s_firstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, owner._options.MaxBackoff.Ticks));
                    _backoffUntil = owner._time.GetTimestamp() + (long)(_backoff.TotalSeconds * owner._time.TimestampFrequency);
                    if (_failures++ == 0 && owner.PartitionStartsFailing())
                    {
                        LogFailing(owner._logger, batch.Sum(w => w.Write.Actions.Count), key.Table, key.Partition, status, code, failure!);
                    }
                    else
                    {
                        LogStillFailing(owner._logger, batch.Sum(w => w.Write.Actions.Count), key.Table, key.Partition, status, code);
                    }
                }
                else if (failure is null && _failures > 0)
                {
                    _failures = 0;
                    owner.PartitionStopsFailing(key.Table, recovered: true);
                }

                _signal.TrySetResult();
            }

            if (refused is not null)
            {
                LogRefused(owner._logger, key.Table, key.Partition, status, code, failure!);
                refused.Fail(failure!);
            }

            foreach (var pending in batch)
            {
                if (pending == refused)
                {
                    continue;
                }

                if (!requeue.Contains(pending))
                {
                    pending.Succeed();
                }
                else if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Cancel();
                }
            }
        }

        private async Task<Exception?> CreateTableAsync()
        {
            try
            {
                await table.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            catch (Exception e) when (TableFailure.IsStorage(e))
            {
                return e;
            }
        }

        private Task SendSingleAsync(TableTransactionAction action)
        {
            var entity = action.Entity;
            var ifMatch = action.ETag == default ? ETag.All : action.ETag;
            return action.ActionType switch
            {
                TableTransactionActionType.Add => table.AddEntityAsync(entity, CancellationToken.None),
                TableTransactionActionType.UpsertMerge => table.UpsertEntityAsync(entity, TableUpdateMode.Merge, CancellationToken.None),
                TableTransactionActionType.UpsertReplace => table.UpsertEntityAsync(entity, TableUpdateMode.Replace, CancellationToken.None),
                TableTransactionActionType.UpdateMerge => table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Merge, CancellationToken.None),
                TableTransactionActionType.UpdateReplace => table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Replace, CancellationToken.None),
                TableTransactionActionType.Delete => table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ifMatch, CancellationToken.None),
                _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown action."),
            };
        }

        /// <summary>The write whose operations include the batch's <paramref name="actionIndex"/>-th.</summary>
        private static PendingWrite Owner(List<PendingWrite> batch, int actionIndex)
        {
            foreach (var pending in batch)
            {
                if (actionIndex < pending.Write.Actions.Count)
                {
                    return pending;
                }

                actionIndex -= pending.Write.Actions.Count;
            }

            throw new ArgumentOutOfRangeException(nameof(actionIndex));
        }
    }
}
