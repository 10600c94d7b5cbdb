namespace Functions.Core.Audit;

/// <summary>
/// A stretch of trouble (an outage, a time of refusals) logged once at its start and once at its end with how
/// many calls it touched and how long it lasted, instead of a line per call.
/// </summary>
internal sealed class AuditEpisode(TimeProvider time)
{
    private int _active;
    private long _count;
    private long _started;

    /// <summary>Whether an episode is under way.</summary>
    public bool Active => Volatile.Read(ref _active) == 1;

    /// <summary>Counts one more call; true for the first of an episode (the caller logs it).</summary>
    public bool Add()
    {
        Interlocked.Increment(ref _count);
        if (Volatile.Read(ref _active) == 1 || Interlocked.Exchange(ref _active, 1) == 1) return false;
        Volatile.Write(ref _started, time.GetTimestamp());
        return true;
    }

    /// <summary>Ends the episode if one is under way: how long it lasted and how many calls it counted.</summary>
    public (TimeSpan Duration, long Count)? End()
    {
        if (Volatile.Read(ref _active) == 0 || Interlocked.Exchange(ref _active, 0) == 0) return null;
        return (time.GetElapsedTime(Volatile.Read(ref _started)), Interlocked.Exchange(ref _count, 0));
    }
}
