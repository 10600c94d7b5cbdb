namespace Bench.LoadGen;

/// <summary>One target of the issue: the goal, what was measured, whether it was met, by how much, and why.</summary>
public sealed record TargetVerdict(string Goal, string Measured, bool? Met, string Margin, string Why)
{
    public string MetText => Met switch { true => "met", false => "**not met**", null => "not measured" };
}
