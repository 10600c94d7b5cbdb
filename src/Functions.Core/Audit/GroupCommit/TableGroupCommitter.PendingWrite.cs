namespace Functions.Core.Audit.GroupCommit;

public sealed partial class TableGroupCommitter
{
    /// <summary>
    /// One caller's write, waiting for its transaction. Cancelling its token withdraws it while it waits; once it
    /// has left, its task tells what became of it (durable or refused), so that a caller who gave up can still
    /// learn whether the write landed.
    /// </summary>
    private sealed class PendingWrite(TableWrite write, long enqueued, long writtenBefore, CancellationToken cancellationToken)
        : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private CancellationTokenRegistration _registration;

        public TableWrite Write { get; } = write;

        /// <summary>When the caller submitted it (a <see cref="TimeProvider"/> timestamp); kept when it goes again.</summary>
        public long Enqueued { get; } = enqueued;

        /// <summary>The committer's count of operations written when this write was submitted.</summary>
        public long WrittenBefore { get; } = writtenBefore;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>The queue it waits in (set under that queue's lock).</summary>
        public PartitionQueue? Queue { get; set; }

        /// <summary>Whether it is part of a request under way (read and written under the queue's lock).</summary>
        public bool InFlight { get; set; }

        /// <summary>Set after a refused transaction that named no operation: it then goes in a transaction of its own.</summary>
        public bool Alone { get; set; }

        /// <summary>Withdraws the write when the caller's token is cancelled while it still waits.</summary>
        public void Watch() =>
            _registration = CancellationToken.Register(static state => ((PendingWrite)state!).Withdraw(), this);

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

        public void Cancel()
        {
            TrySetCanceled(CancellationToken);
            _registration.Dispose();
        }

        private void Withdraw()
        {
            if (Queue is not { } queue || queue.Withdraw(this))
            {
                TrySetCanceled(CancellationToken);
            }
        }
    }
}
