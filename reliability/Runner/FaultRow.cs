namespace Reliability.Runner;

/// <summary>A fault matrix row as reported: what was done, what the client saw, what the audit recorded, pass or why not.</summary>
public sealed record FaultRow(string Fault, string Route, string Mode, string Client, string Audit, string Provider, IReadOnlyList<string> Problems)
{
    public bool Pass => Problems.Count == 0;
}
