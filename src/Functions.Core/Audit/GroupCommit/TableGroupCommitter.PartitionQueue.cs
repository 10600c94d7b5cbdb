namespace Functions.Core.Audit.GroupCommit;

public sealed partial class TableGroupCommitter
{
    /// <summary>One partition's part of <see cref="Backlog"/>.</summary>
    private readonly record struct QueueView(PendingWrite? Oldest, PendingWrite? OldestCall, long? OldestUrgent, int CallOperations, bool Failing);

    /// <summary>The writes waiting for one partition, the transactions under way, and the loop that sends them.</summary>
    private sealed partial class PartitionQueue(TableGroupCommitter owner, TableClient table, (string Table, string Partition) key)
    {
        private static readonly TableWritePriority[] s_priorities = [TableWritePriority.Urgent, TableWritePriority.Normal, TableWritePriority.Background];
        private readonly object _lock = new();
        private readonly List<PendingWrite>[] _waiting = [[], [], []];
        private readonly HashSet<string> _rowsInFlight = new(StringComparer.Ordinal);
        private readonly List<PendingWrite> _writesInFlight = [];
        private TaskCompletionSource _signal = NewSignal();
        private int _waitingOperations;
        private int _inFlightOperations;
        private int _inFlight;
        private bool _running;
        private bool _retired;
        private long _backoffUntil;
        private TimeSpan _backoff;
        private int _failures;

        /// <summary>Operations waiting or under way.</summary>
        public int Load => Volatile.Read(ref _waitingOperations) + Volatile.Read(ref _inFlightOperations);

        public bool TryEnqueue(PendingWrite write)
        {
            lock (_lock)
            {
                if (_retired)
                {
                    return false;
                }

                write.Queue = this;
                _waiting[(int)write.Write.Priority].Add(write);
                _waitingOperations += write.Write.Actions.Count;
                owner.Waiting(write.Write, +1);
                if (_running)
                {
                    _signal.TrySetResult();
                    return true;
                }

                _running = true;
            }

            // The queue outlives the call that woke it: its storage requests belong to no caller's trace or context.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(RunGuardedAsync);
            }

            return true;
        }

        /// <summary>Takes a write whose caller gave up out of the queue; false when it has already left (or ended).</summary>
        public bool Withdraw(PendingWrite write)
        {
            lock (_lock)
            {
                if (write.InFlight || !_waiting[(int)write.Write.Priority].Remove(write))
                {
                    return false;
                }

                _waitingOperations -= write.Write.Actions.Count;
                owner.Waiting(write.Write, -1);
                _signal.TrySetResult();
                return true;
            }
        }

        /// <summary>
        /// What the partition holds now: the oldest write not yet settled (waiting or under way), the oldest such
        /// write of a call (not <see cref="TableWritePriority.Background"/>), when the oldest waiting urgent write was
        /// submitted, the operations of calls' writes not yet settled, and whether the partition is failing.
        /// </summary>
        public QueueView View()
        {
            lock (_lock)
            {
                PendingWrite? oldest = null;
                PendingWrite? oldestCall = null;
                var callOperations = 0;
                foreach (var pending in _waiting.SelectMany(list => list.Take(1)).Concat(_writesInFlight))
                {
                    if (oldest is null || pending.Enqueued < oldest.Enqueued)
                    {
                        oldest = pending;
                    }

                    if (pending.Write.Priority != TableWritePriority.Background && (oldestCall is null || pending.Enqueued < oldestCall.Enqueued))
                    {
                        oldestCall = pending;
                    }
                }

                foreach (var pending in _waiting[(int)TableWritePriority.Urgent].Concat(_waiting[(int)TableWritePriority.Normal]).Concat(_writesInFlight))
                {
                    if (pending.Write.Priority != TableWritePriority.Background)
                    {
                        callOperations += pending.Write.Actions.Count;
                    }
                }

                var urgent = _waiting[(int)TableWritePriority.Urgent];
                return new QueueView(oldest, oldestCall, urgent.Count > 0 ? urgent[0].Enqueued : null, callOperations, _failures > 0);
            }
        }

        /// <summary>Runs the loop; a bug in it fails the waiting writes and retires the queue rather than hanging their callers.</summary>
        private async Task RunGuardedAsync()
        {
            try
            {
                await RunAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                List<PendingWrite> stranded;
                lock (_lock)
                {
                    stranded = _waiting.SelectMany(list => list).ToList();
                    foreach (var list in _waiting)
                    {
                        list.Clear();
                    }

                    foreach (var pending in stranded)
                    {
                        owner.Waiting(pending.Write, -1);
                    }

                    _waitingOperations = 0;
                    _running = false;
                    _retired = true;
                    owner._queues.TryRemove(new KeyValuePair<(string, string), PartitionQueue>(key, this));
                    Retire();
                }

                LogLoopFailed(owner._logger, key.Table, key.Partition, e);
                stranded.ForEach(w => w.Fail(e));
            }
        }

        /// <summary>A queue leaving while its writes still failed (they all gave up) no longer counts as failing.</summary>
        private void Retire()
        {
            if (_failures > 0)
            {
                _failures = 0;
                owner.PartitionStopsFailing(key.Table, recovered: false);
            }
        }

        private async Task RunAsync()
        {
            while (true)
            {
                List<PendingWrite>? batch;
                TimeSpan wait;
                Task signal;
                lock (_lock)
                {
                    if (_signal.Task.IsCompleted)
                    {
                        _signal = NewSignal();
                    }

                    signal = _signal.Task;
                    DropFinished();
                    if (_waitingOperations == 0 && _inFlight == 0)
                    {
                        _running = false;
                        _retired = true;
                        owner._queues.TryRemove(new KeyValuePair<(string, string), PartitionQueue>(key, this));
                        Retire();
                        return;
                    }

                    (batch, wait) = Next(owner._time.GetTimestamp());
                    if (batch is not null)
                    {
                        Start(batch);
                    }
                }

                if (batch is not null)
                {
                    _ = SendAsync(batch);
                    continue;
                }

                await WaitAsync(signal, wait).ConfigureAwait(false);
            }
        }

        /// <summary>The batch to send now, or how long to wait before looking again (infinite: until signalled).</summary>
        private (List<PendingWrite>? Batch, TimeSpan Wait) Next(long now)
        {
            if (_waitingOperations == 0 || _inFlight >= owner._options.MaxInFlightPerPartition)
            {
                return (null, Timeout.InfiniteTimeSpan);
            }

            if (now < _backoffUntil)
            {
                return (null, owner._time.GetElapsedTime(now, _backoffUntil));
            }

            var due = long.MaxValue;
            foreach (var priority in s_priorities)
            {
                if (_waiting[(int)priority] is [var first, ..])
                {
                    var linger = (long)(owner._options.Linger(priority).TotalSeconds * owner._time.TimestampFrequency);
                    due = Math.Min(due, first.Enqueued + linger);
                }
            }

            if (_waitingOperations < TableWrite.MaxOperations && now < due)
            {
                return (null, owner._time.GetElapsedTime(now, due));
            }

            var batch = TakeBatch();
            return batch.Count > 0 ? (batch, TimeSpan.Zero) : (null, Timeout.InfiniteTimeSpan);
        }

        /// <summary>Waiting writes in priority order, oldest first, that fit one transaction and touch no row already under way.</summary>
        private List<PendingWrite> TakeBatch()
        {
            var batch = new List<PendingWrite>();
            var rows = new HashSet<string>(StringComparer.Ordinal);
            int operations = 0;
            long bytes = 0;
            foreach (var list in _waiting)
            {
                foreach (var pending in list)
                {
                    var write = pending.Write;
                    if (pending.Alone && batch.Count > 0)
                    {
                        continue;
                    }

                    if (operations + write.Actions.Count > TableWrite.MaxOperations || bytes + write.EstimatedBytes > TableWrite.MaxPayloadBytes)
                    {
                        goto Full;
                    }

                    if (write.RowKeys.Any(r => _rowsInFlight.Contains(r) || rows.Contains(r)))
                    {
                        continue;
                    }

                    batch.Add(pending);
                    rows.UnionWith(write.RowKeys);
                    operations += write.Actions.Count;
                    bytes += write.EstimatedBytes;
                    if (pending.Alone)
                    {
                        goto Full;
                    }
                }
            }

        Full:
            foreach (var pending in batch)
            {
                _waiting[(int)pending.Write.Priority].Remove(pending);
            }

            return batch;
        }

        private void Start(List<PendingWrite> batch)
        {
            _inFlight++;
            _writesInFlight.AddRange(batch);
            foreach (var pending in batch)
            {
                pending.InFlight = true;
                var count = pending.Write.Actions.Count;
                _waitingOperations -= count;
                _inFlightOperations += count;
                owner.Waiting(pending.Write, -1);
                Interlocked.Add(ref owner._inFlightOperations, count);
                _rowsInFlight.UnionWith(pending.Write.RowKeys);
            }
        }

        /// <summary>Forgets writes whose callers stopped waiting before they left.</summary>
        private void DropFinished()
        {
            foreach (var list in _waiting)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (list[i].Task.IsCompleted)
                    {
                        _waitingOperations -= list[i].Write.Actions.Count;
                        owner.Waiting(list[i].Write, -1);
                        list.RemoveAt(i);
                    }
                }
            }
        }

        private async Task WaitAsync(Task signal, TimeSpan wait)
        {
            if (wait == TimeSpan.Zero)
            {
                return;
            }

            if (wait == Timeout.InfiniteTimeSpan)
            {
                // A new write, a finished transaction or a cancelled write wakes the loop; a cancelled write only
                // matters once something else happens, so an idle wait still ends at the latest linger.
                wait = owner._options.Linger(TableWritePriority.Background);
            }

            using var cancel = new CancellationTokenSource();
            var delay = Task.Delay(wait, owner._time, cancel.Token);
            if (await Task.WhenAny(signal, delay).ConfigureAwait(false) == signal)
            {
                await cancel.CancelAsync().ConfigureAwait(false);
            }
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
