namespace Functions.Core.Audit;

/// <summary>
/// Admission control: whether a new call's record can be written within the budget. The store is behind when a
/// write has been pending (waiting or under way) longer than <see cref="Evidence"/> and three typical request
/// times; then the rate it has taken operations at since is its capacity, and a call is refused at once when the
/// urgent writes ahead of it at that rate plus a typical request would take more than half of
/// <c>Audit:WriteTimeout</c>, or the whole backlog more than four budgets, or when a begin has already waited half
/// the budget unsent (whatever the rates say: a store slowing down faster than its measured rate shows it here
/// first). A store that answers nothing has a rate of zero: every call is refused at once. A burst the store drains
/// within half the budget is never refused, and nothing is refused before there is evidence: an empty queue admits
/// the next call, which then probes a store that was down.
/// </summary>
internal sealed class AuditAdmission(TableGroupCommitter committer, AuditOptions options, TimeProvider time)
{
    /// <summary>How long the oldest write must have been pending, at least, before the store counts as behind.</summary>
    public static readonly TimeSpan Evidence = TimeSpan.FromMilliseconds(100);

    /// <summary>How many typical request times a write must have been pending before the store counts as behind.</summary>
    private const double EvidenceRequests = 3;

    private static readonly TimeSpan s_snapshotAge = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_maxRetryAfter = TimeSpan.FromSeconds(30);
    private readonly object _lock = new();
    private TableGroupCommitBacklog? _snapshot;
    private long _taken;

    /// <summary>
    /// Whether the store takes writes but has had some waiting longer than <see cref="Evidence"/>: overloaded, so a
    /// time to count rather than add records. (A store that takes nothing is down, not overloaded: what is queued
    /// for it, bounded, waits for it to come back.)
    /// </summary>
    public bool Overloaded => Backlog() is { WaitingOperations: > 0, DrainRate: > 0 } b && b.OldestWait >= EvidenceFor(b, options.WriteTimeout);

    /// <summary>
    /// How long a write must be pending to show the store is behind: <see cref="Evidence"/>, or three typical request
    /// times when requests are slow (a loaded emulator), but never more than a quarter of the budget.
    /// </summary>
    private static TimeSpan EvidenceFor(TableGroupCommitBacklog b, TimeSpan writeTimeout) => TimeSpan.FromTicks(Math.Min(
        Math.Max(Evidence.Ticks, (long)(b.TypicalLatency.Ticks * EvidenceRequests)), writeTimeout.Ticks / 4));

    /// <summary>Operations not yet settled: waiting, or under way.</summary>
    private static int Pending(TableGroupCommitBacklog b) => b.WaitingOperations + b.InFlightOperations;

    /// <summary>Whether a call whose record writes <paramref name="operations"/> operations may go ahead; if not, when to retry and why.</summary>
    public bool TryAdmit(int operations, out TimeSpan retryAfter, out string reason) =>
        Decide(Backlog(), operations, options.WriteTimeout, out retryAfter, out reason);

    /// <summary>The decision of <see cref="TryAdmit"/> for one view of the committer's backlog.</summary>
    internal static bool Decide(TableGroupCommitBacklog b, int operations, TimeSpan writeTimeout, out TimeSpan retryAfter, out string reason)
    {
        retryAfter = TimeSpan.Zero;
        reason = "";
        if (Pending(b) == 0 || b.OldestWait < EvidenceFor(b, writeTimeout))
        {
            return true;
        }

        var budget = writeTimeout.TotalSeconds;
        // Its wait: the urgent writes ahead of it at the rate the store drains, then a request of its own.
        var urgentSeconds = b.DrainRate > 0 ? (b.UrgentOperations + operations) / b.DrainRate + b.TypicalLatency.TotalSeconds : double.PositiveInfinity;
        var totalSeconds = b.DrainRate > 0 ? Pending(b) / b.DrainRate : double.PositiveInfinity;
        // A begin already waiting half the budget unsent: the store has slowed faster than its measured rate shows.
        var stale = b.OldestUrgentWait.TotalSeconds >= budget / 2;
        if (urgentSeconds <= budget / 2 && totalSeconds <= 4 * budget && !stale)
        {
            return true;
        }

        retryAfter = double.IsFinite(totalSeconds)
            ? TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(totalSeconds), 1, s_maxRetryAfter.TotalSeconds))
            : AuditUnavailableException.DefaultRetryAfter;
        reason = b.DrainRate > 0
            ? $"the audit store is behind ({Pending(b)} operations pending, {b.DrainRate:F0} written per second"
              + (stale ? $", a record unsent for {b.OldestUrgentWait.TotalMilliseconds:F0} ms)" : ")")
            : $"the audit store is not taking writes ({Pending(b)} operations pending for {b.OldestWait.TotalMilliseconds:F0} ms)";
        return false;
    }

    private TableGroupCommitBacklog Backlog()
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_snapshot is null || time.GetElapsedTime(_taken, now) >= s_snapshotAge)
            {
                _snapshot = committer.Backlog();
                _taken = now;
            }

            return _snapshot;
        }
    }
}
