namespace Functions.Core.Audit;

/// <summary>
/// Which lane of the day a record goes to. An instance writes to one lane while its writes stay under
/// <see cref="LaneTarget"/> operations per second, so that concurrent calls share a partition and leave in one
/// transaction; beyond that it opens the next lanes, one per <see cref="LaneTarget"/>, keeping every partition
/// below the service's 2,000 entities per second. A record goes to the least loaded of the open lanes. The
/// first lane is the instance's own (chosen at random, so instances spread over the day's
/// <see cref="AuditKeys.LaneCount"/> lanes) moved on by one every <see cref="Turn"/>: the lanes take turns, so a
/// day's rows spread evenly over its partitions instead of piling into one (Azurite's inserts slow down in
/// proportion to the size of the partition they go to; the service does not mind either way).
/// </summary>
internal sealed class AuditLanes
{
    /// <summary>Operations per second one lane is planned for: three quarters of the service's per-partition target.</summary>
    public const double LaneTarget = 1_500;

    /// <summary>How long an instance writes to the same lanes before moving on to the next.</summary>
    public static readonly TimeSpan Turn = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan s_review = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_shrinkAfter = TimeSpan.FromSeconds(10);
    private readonly TableGroupCommitter _committer;
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ThroughputMeter _operations;
    private readonly int _home;
    private int _active = 1;
    private long _reviewed;
    private long _grown;

    public AuditLanes(TableGroupCommitter committer, TableClient table, TimeProvider time, int? home = null)
    {
        _committer = committer;
        _table = table;
        _time = time;
        _operations = new ThroughputMeter(time);
        _home = home ?? Random.Shared.Next(AuditKeys.LaneCount);
        _reviewed = _grown = time.GetTimestamp();
    }

    /// <summary>The lane this instance started from.</summary>
    public int Home => _home;

    /// <summary>The first of the lanes this instance writes to now.</summary>
    public int First => (int)((_home + _time.GetUtcNow().UtcTicks / Turn.Ticks) % AuditKeys.LaneCount);

    /// <summary>How many lanes are open now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>The lane for a record of <paramref name="day"/> that writes <paramref name="operations"/> operations now.</summary>
    public int Choose(string day, int operations)
    {
        _operations.Add(operations);
        Review();
        var first = First;
        var best = first;
        var bestLoad = int.MaxValue;
        for (var i = 0; i < Active; i++)
        {
            var lane = (first + i) % AuditKeys.LaneCount;
            var load = _committer.Load(_table, AuditKeys.LanePartition(day, lane));
            if (load < bestLoad)
            {
                (best, bestLoad) = (lane, load);
            }
        }

        return best;
    }

    /// <summary>Counts operations written to a lane chosen earlier (a completion goes to its record's lane).</summary>
    public void Count(int operations) => _operations.Add(operations);

    private void Review()
    {
        var now = _time.GetTimestamp();
        var reviewed = Volatile.Read(ref _reviewed);
        if (_time.GetElapsedTime(reviewed, now) < s_review || Interlocked.CompareExchange(ref _reviewed, now, reviewed) != reviewed)
        {
            return;
        }

        var needed = (int)Math.Clamp(Math.Ceiling(_operations.Rate(TimeSpan.FromSeconds(1)) / LaneTarget), 1, AuditKeys.LaneCount);
        if (needed > _active)
        {
            Volatile.Write(ref _active, needed);
            _grown = now;
        }
        else if (needed < _active && _time.GetElapsedTime(_grown, now) >= s_shrinkAfter)
        {
            Volatile.Write(ref _active, _active - 1);
            _grown = now;
        }
    }
}
