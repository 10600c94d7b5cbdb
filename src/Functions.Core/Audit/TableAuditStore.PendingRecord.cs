namespace Functions.Core.Audit;

public sealed partial class TableAuditStore
{
    /// <summary>A call between its begin and its completion: how to find its record, and whether the begin landed.</summary>
    private sealed class PendingRecord(AuditStart start, AuditRecordKeys keys, DateTimeOffset since)
    {
        private volatile bool _startWritten;

        public AuditStart Start { get; } = start;

        public AuditRecordKeys Keys { get; } = keys;

        public DateTimeOffset Since { get; } = since;

        public bool StartWritten
        {
            get => _startWritten;
            set => _startWritten = value;
        }
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
            if (pending.Since < cutoff)
            {
                _pending.TryRemove(new KeyValuePair<string, PendingRecord>(requestId, pending));
            }
        }
    }
}
