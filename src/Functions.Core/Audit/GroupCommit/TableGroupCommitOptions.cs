namespace Functions.Core.Audit.GroupCommit;

/// <summary>How long writes of each priority wait for others, and how much a partition may have under way.</summary>
public sealed record TableGroupCommitOptions
{
    /// <summary>How long an urgent write waits for others to its partition (clamped to 0–20 ms).</summary>
    public TimeSpan UrgentLinger { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>How long a normal write waits for others to its partition.</summary>
    public TimeSpan NormalLinger { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a background write waits for others to its partition.</summary>
    public TimeSpan BackgroundLinger { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Transactions one partition may have under way at once.</summary>
    public int MaxInFlightPerPartition { get; init; } = 4;

    /// <summary>The longest pause of a partition between retries after transient failures.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    internal TimeSpan Linger(TableWritePriority priority) => priority switch
    {
        TableWritePriority.Urgent => TimeSpan.FromTicks(Math.Clamp(UrgentLinger.Ticks, 0, TimeSpan.FromMilliseconds(20).Ticks)),
        TableWritePriority.Normal => NormalLinger,
        _ => BackgroundLinger,
    };
}
