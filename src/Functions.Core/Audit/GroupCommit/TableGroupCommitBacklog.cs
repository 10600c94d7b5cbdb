namespace Functions.Core.Audit.GroupCommit;

/// <summary>
/// What waits in a <see cref="TableGroupCommitter"/> right now and how fast the store has been taking it: the
/// inputs of admission control.
/// </summary>
/// <param name="WaitingOperations">Operations of every priority not yet sent.</param>
/// <param name="UrgentOperations">Operations of <see cref="TableWritePriority.Urgent"/> writes not yet sent.</param>
/// <param name="InFlightOperations">Operations in requests under way.</param>
/// <param name="OldestWait">How long the oldest write not yet settled (waiting or under way) has been pending (zero when none).</param>
/// <param name="OldestUrgentWait">How long the oldest waiting urgent write has waited (zero when none waits).</param>
/// <param name="DrainRate">Operations written per second since the oldest pending write of a call was submitted (of any write when no call's is pending; over the last second when that is longer ago).</param>
/// <param name="TypicalLatency">A moving average of how long a successful request took (zero before the first).</param>
/// <param name="Failing">Whether the latest request of some partition failed and has not been followed by a success.</param>
public sealed record TableGroupCommitBacklog(
    int WaitingOperations, int UrgentOperations, int InFlightOperations, TimeSpan OldestWait, TimeSpan OldestUrgentWait, double DrainRate, TimeSpan TypicalLatency, bool Failing)
{
    /// <summary>
    /// Operations of calls' writes (<see cref="TableWritePriority.Urgent"/> and <see cref="TableWritePriority.Normal"/>)
    /// waiting or under way: what admission weighs. Background rows (index rows, rejections, summaries) are not in it.
    /// </summary>
    public int CallOperations { get; init; }

    /// <summary>How long the oldest write of a call not yet settled has been pending (zero when none).</summary>
    public TimeSpan OldestCallWait { get; init; }
}
