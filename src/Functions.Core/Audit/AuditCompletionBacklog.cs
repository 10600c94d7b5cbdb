namespace Functions.Core.Audit;

/// <summary>
/// Completions handed to the store and not yet written. The store retries each until it lands or the process
/// stops, so during a long storage outage they wait here, in memory; the bound (<c>Audit:MaxPendingCompletions</c>,
/// <c>Audit:MaxPendingCompletionBytes</c>) keeps that memory finite. While the backlog is full, admission refuses
/// new calls (fail closed), so that what was accepted is kept: calls already under way may take it past its
/// bound by at most their number. Failing open, a completion that finds it full is dropped, counted and logged.
/// </summary>
internal sealed class AuditCompletionBacklog(int maxCount, long maxBytes)
{
    /// <summary>A completion's fixed cost beyond its texts: the object, its numbers and keys.</summary>
    private const long Overhead = 512;

    private long _count;
    private long _bytes;
    private long _dropped;

    public long Count => Interlocked.Read(ref _count);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether the backlog has reached either bound.</summary>
    public bool Full => Count >= maxCount || Bytes >= maxBytes;

    /// <summary>What a completion holds in memory while it waits, approximately: its texts, and its start's if the start has not landed.</summary>
    public static long SizeOf(AuditCompletion completion, AuditStart? unwrittenStart) =>
        Overhead + 2L * ((completion.ResponseText?.Length ?? 0) + (completion.ErrorMessage?.Length ?? 0)
            + (unwrittenStart is null ? 0 : unwrittenStart.PromptReceived.Length + (unwrittenStart.PromptSent?.Length ?? 0)));

    /// <summary>Takes a completion in; false when <paramref name="dropWhenFull"/> and the backlog is full (it is then counted as dropped).</summary>
    public bool TryAdd(long bytes, bool dropWhenFull)
    {
        if (dropWhenFull && Full)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _bytes, bytes);
        return true;
    }

    /// <summary>A completion left the backlog: written, refused by the service, or abandoned at shutdown.</summary>
    public void Remove(long bytes)
    {
        Interlocked.Decrement(ref _count);
        Interlocked.Add(ref _bytes, -bytes);
    }
}
