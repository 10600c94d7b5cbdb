namespace Functions.Core.Audit.Tables;

public sealed partial class TableGroupCommitter
{
    /// <summary>One caller's operation, waiting for its transaction.</summary>
    private sealed class PendingWrite : TaskCompletionSource
    {
        private readonly CancellationTokenRegistration _registration;

        public PendingWrite(TableTransactionAction action, CancellationToken cancellationToken)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            Action = action;
            _registration = cancellationToken.Register(() => TrySetCanceled(cancellationToken));
        }

        public TableTransactionAction Action { get; }

        public void Succeed()
        {
            TrySetResult();
            _registration.Dispose();
        }

        public void Fail(Exception exception)
        {
            TrySetException(exception);
            _registration.Dispose();
        }
    }

    /// <summary>The writes waiting for one partition, and the loop that sends them.</summary>
    private sealed class PartitionQueue(TableGroupCommitter owner, ITableClient table, (string Table, string Partition) key)
    {
        private readonly object _lock = new();
        private readonly List<PendingWrite> _waiting = [];
        private bool _running;
        private bool _retired;

        public bool TryEnqueue(PendingWrite write)
        {
            lock (_lock)
            {
                if (_retired)
                {
                    return false;
                }

                _waiting.Add(write);
                if (_running)
                {
                    return true;
                }

                _running = true;
            }

            _ = Task.Run(RunAsync);
            return true;
        }

        private async Task RunAsync()
        {
            if (owner._linger > TimeSpan.Zero)
            {
                await Task.Delay(owner._linger, owner._timeProvider).ConfigureAwait(false);
            }

            while (TakeBatch() is { } batch)
            {
                await SendAsync(batch).ConfigureAwait(false);
            }
        }

        /// <summary>The next batch (≤ 100 operations, under the payload budget, each row once), or null when idle.</summary>
        private List<PendingWrite>? TakeBatch()
        {
            lock (_lock)
            {
                _waiting.RemoveAll(w => w.Task.IsCompleted);
                if (_waiting.Count == 0)
                {
                    _running = false;
                    _retired = true;
                    owner._queues.TryRemove(new KeyValuePair<(string, string), PartitionQueue>(key, this));
                    return null;
                }

                var batch = new List<PendingWrite>();
                var rows = new HashSet<string>(StringComparer.Ordinal);
                var bytes = 0L;
                foreach (var write in _waiting)
                {
                    var size = write.Action.EstimatedPayloadBytes;
                    if (batch.Count > 0 && (batch.Count == TableBatchBody.MaxOperations || bytes + size > PayloadBudget))
                    {
                        break;
                    }

                    if (rows.Add(write.Action.Entity.RowKey))
                    {
                        batch.Add(write);
                        bytes += size;
                    }
                }

                _waiting.RemoveAll(batch.Contains);
                return batch;
            }
        }

        private async Task SendAsync(List<PendingWrite> batch)
        {
            try
            {
                if (batch.Count == 1)
                {
                    await WriteSingleAsync(batch[0].Action).ConfigureAwait(false);
                }
                else
                {
                    await table.SubmitTransactionAsync([.. batch.Select(w => w.Action)], CancellationToken.None).ConfigureAwait(false);
                }

                owner.Record(batch.Count, batch.Count > 1, failed: false);
                batch.ForEach(w => w.Succeed());
            }
            catch (Exception e)
            {
                owner.Record(batch.Count, batch.Count > 1, failed: true);
                var status = (e as TableServiceException)?.Status ?? 0;
                LogTransactionFailed(owner._logger, batch.Count, key.Table, key.Partition, status, (e as TableServiceException)?.ErrorCode, e);
                if (e is TableServiceException { FailedOperationIndex: { } index } && batch.Count > 1 && index < batch.Count)
                {
                    // Nothing of the transaction applied: only the named operation fails, the others go again.
                    batch[index].Fail(e);
                    batch.RemoveAt(index);
                    lock (_lock)
                    {
                        _waiting.InsertRange(0, batch);
                    }

                    return;
                }

                batch.ForEach(w => w.Fail(e));
            }
        }

        private Task WriteSingleAsync(TableTransactionAction action) => action.ActionType switch
        {
            TableTransactionActionType.Add => table.AddEntityAsync(action.Entity, CancellationToken.None),
            TableTransactionActionType.UpsertMerge => table.UpsertEntityAsync(action.Entity, TableUpdateMode.Merge, CancellationToken.None),
            TableTransactionActionType.UpsertReplace => table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace, CancellationToken.None),
            TableTransactionActionType.UpdateMerge => table.UpdateEntityAsync(action.Entity, action.IfMatch, TableUpdateMode.Merge, CancellationToken.None),
            TableTransactionActionType.UpdateReplace => table.UpdateEntityAsync(action.Entity, action.IfMatch, TableUpdateMode.Replace, CancellationToken.None),
            TableTransactionActionType.Delete => table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, action.IfMatch, CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown action."),
        };
    }
}
