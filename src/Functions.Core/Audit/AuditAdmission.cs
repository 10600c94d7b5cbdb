namespace Functions.Core.Audit;

/// <summary>
/// Admission control: whether a new call's record can be written within the budget (<c>Audit:WriteTimeout</c>).
/// Only calls' writes count (begins and completions); background rows (request id index rows, rejection records,
/// their summaries) never count against a begin, so a flood of refused requests cannot get a real call refused.
/// A call is refused only on evidence that the store is slow or down:
/// <list type="bullet">
/// <item>nothing has landed while a call's write was pending (a drain rate of zero) and a request failed, or a write
/// has been pending the whole budget (it timed out for its caller): the store is down, every call is refused at once;</item>
/// <item>the store is taking writes, a call's write has been pending longer than <see cref="Evidence"/> (or three
/// typical request times), and at the measured rate the urgent writes ahead of the call would take more than half
/// the budget, or the calls' whole backlog more than four budgets, or a begin has already waited half the budget
/// unsent (the store slowed faster than its measured rate shows).</item>
/// </list>
/// Without such evidence a call is admitted and waits for its write within the budget like any call: the first
/// write of a cold process (connection, table creation, first JIT) and the first after a quiet period have no rate
/// to judge by, and are not evidence.
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

    /// <summary>Whether a call whose record writes <paramref name="operations"/> operations may go ahead; if not, when to retry and why.</summary>
    public bool TryAdmit(int operations, out TimeSpan retryAfter, out string reason) =>
        Decide(Backlog(), operations, options.WriteTimeout, out retryAfter, out reason);

    /// <summary>The decision of <see cref="TryAdmit"/> for one view of the committer's backlog.</summary>
    internal static bool Decide(TableGroupCommitBacklog b, int operations, TimeSpan writeTimeout, out TimeSpan retryAfter, out string reason)
    {
        retryAfter = TimeSpan.Zero;
        reason = "";
        var pending = b.CallOperations;
        if (pending == 0)
        {
            return true;
        }

        if (b.DrainRate <= 0)
        {
            // Nothing landed while a call's write was pending: down if a request failed or a write outlived its budget.
            var timedOut = b.OldestCallWait >= writeTimeout;
            if (!b.Failing && !timedOut)
            {
                return true;
            }

            retryAfter = AuditUnavailableException.DefaultRetryAfter;
            reason = b.Failing
                ? $"the audit store is failing (its latest request failed; {pending} operations of calls pending)"
                : $"the audit store is not taking writes (a record pending for {b.OldestCallWait.TotalMilliseconds:F0} ms, the write budget is {writeTimeout.TotalMilliseconds:F0} ms)";
            return false;
        }

        if (b.OldestCallWait < EvidenceFor(b, writeTimeout))
        {
            return true;
        }

        var budget = writeTimeout.TotalSeconds;
        // Its wait: the urgent writes ahead of it at the rate the store drains, then a request of its own.
        var urgentSeconds = (b.UrgentOperations + operations) / b.DrainRate + b.TypicalLatency.TotalSeconds;
        var totalSeconds = pending / b.DrainRate;
        // A begin already waiting half the budget unsent: the store has slowed faster than its measured rate shows.
        var stale = b.OldestUrgentWait.TotalSeconds >= budget / 2;
        if (urgentSeconds <= budget / 2 && totalSeconds <= 4 * budget && !stale)
        {
            return true;
        }

        retryAfter = TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(totalSeconds), 1, s_maxRetryAfter.TotalSeconds));
        reason = $"the audit store is behind ({pending} operations of calls pending, {b.DrainRate:F0} written per second"
            + (stale ? $", a record unsent for {b.OldestUrgentWait.TotalMilliseconds:F0} ms)" : ")");
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
