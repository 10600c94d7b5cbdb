using Functions.Core.Audit.Seals;

namespace Functions.Core.Audit;

public sealed partial class TableAuditStore
{
    /// <summary>A call between its begin and its completion: how to find its record, and what of it has landed.</summary>
    private sealed class PendingRecord(AuditStart start, DateTimeOffset since)
    {
        private volatile bool _startWritten;
        private Task? _requestIndexWrite;
        private CancellationTokenSource? _requestIndexCancel;

        public AuditStart Start { get; } = start;

        public DateTimeOffset Since { get; } = since;

        /// <summary>Where the record goes; null while the call was refused before a lane was chosen.</summary>
        public AuditRecordKeys? Keys { get; set; }

        public bool StartWritten
        {
            get => _startWritten;
            set => _startWritten = value;
        }

        /// <summary>The begin's seal (key, chain link, sealed row); null when it was written unsealed or not at all.</summary>
        public AuditSealState? Seal { get; set; }

        /// <summary>Refused at once by admission control.</summary>
        public bool Refused { get; set; }

        /// <summary>Whether a request id index write was started (none when the id places the record itself).</summary>
        public bool RequestIndexStarted => _requestIndexWrite is not null;

        /// <summary>Starts the request id index write in the background, cancellable by the completion.</summary>
        public void WriteRequestIndex(Func<CancellationToken, Task> write, CancellationToken stopping)
        {
            _requestIndexCancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _requestIndexWrite = write(_requestIndexCancel.Token);
        }

        /// <summary>
        /// Whether the request id index row has landed. If it is still waiting, the completion takes it over: it is
        /// cancelled here (a row already under way is waited for) and the completion writes it.
        /// </summary>
        public async Task<bool> TakeOverRequestIndexAsync(CancellationToken cancellationToken)
        {
            if (_requestIndexWrite is not { } write)
            {
                return false;
            }

            try
            {
                if (!write.IsCompleted)
                {
                    await _requestIndexCancel!.CancelAsync().ConfigureAwait(false);
                }

                await write.WaitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (TableFailure.IsStorage(e))
            {
                return false;
            }
            finally
            {
                Forget();
            }
        }

        /// <summary>Releases the cancellation of a call that will not complete here.</summary>
        public void Forget() => _requestIndexCancel?.Dispose();
    }

    /// <summary>
    /// Drops calls that began long ago and were never completed (a bug in the caller), so that a long-running
    /// process does not keep their prompts forever. Runs rarely: only while many calls are pending.
    /// </summary>
    private void ForgetAbandoned(DateTimeOffset now)
    {
        if (_pending.Count < 10_000)
        {
            return;
        }

        var cutoff = now - TimeSpan.FromHours(1);
        foreach (var (requestId, pending) in _pending)
        {
            if (pending.Since < cutoff && _pending.TryRemove(new KeyValuePair<string, PendingRecord>(requestId, pending)))
            {
                pending.Forget();
            }
        }
    }
}
