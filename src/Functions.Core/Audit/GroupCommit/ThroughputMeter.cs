namespace Functions.Core.Audit.GroupCommit;

/// <summary>
/// Counts events in 10 ms slots over the last 2 seconds, so a rate can be read over any recent window: the
/// operations the store accepted per second while it had a backlog is what it can take.
/// </summary>
internal sealed class ThroughputMeter(TimeProvider time)
{
    private const int SlotCount = 200;
    private static readonly long s_slotTicks = TimeSpan.FromMilliseconds(10).Ticks;
    private readonly long[] _counts = new long[SlotCount];
    private readonly long[] _slotOf = new long[SlotCount];
    private readonly object _lock = new();

    /// <summary>The longest window <see cref="Rate"/> can look back.</summary>
    public static TimeSpan MaxWindow { get; } = TimeSpan.FromTicks(s_slotTicks * (SlotCount - 1));

    public void Add(long count)
    {
        var slot = CurrentSlot();
        lock (_lock)
        {
            var i = (int)(slot % SlotCount);
            if (_slotOf[i] != slot)
            {
                _slotOf[i] = slot;
                _counts[i] = 0;
            }

            _counts[i] += count;
        }
    }

    /// <summary>Events per second over the last <paramref name="window"/> (at most <see cref="MaxWindow"/>).</summary>
    public double Rate(TimeSpan window)
    {
        var slots = (int)Math.Clamp(window.Ticks / s_slotTicks, 1, SlotCount - 1);
        var now = CurrentSlot();
        long total = 0;
        lock (_lock)
        {
            // The current slot is partly elapsed: count it, and the whole slots before it.
            for (var slot = now - slots; slot <= now; slot++)
            {
                var i = (int)(slot % SlotCount);
                if (_slotOf[i] == slot)
                {
                    total += _counts[i];
                }
            }
        }

        var elapsedInSlot = time.GetUtcNow().UtcTicks % s_slotTicks;
        var seconds = (slots * s_slotTicks + elapsedInSlot) / (double)TimeSpan.TicksPerSecond;
        return total / seconds;
    }

    private long CurrentSlot() => time.GetUtcNow().UtcTicks / s_slotTicks;
}
