namespace Reliability.Runner;

/// <summary>
/// One cell of the fault matrix: a fault on a route and mode, what the client must see (statuses allowed, whether a
/// 200 stream must carry the route's error form) and the audit outcome expected (null: the outcome must only agree
/// with what the client saw).
/// </summary>
public sealed record FaultCase(string Fault, ChatRoute Route, bool Stream, string Directive, int[] Statuses, string? Outcome)
{
    /// <summary>A 200 stream must carry the route's error form and end cleanly.</summary>
    public bool ErrorFormRequired { get; init; }

    /// <summary>Set up before the call (emulator switches); such cases run one at a time.</summary>
    public Func<EmulatorControl, Task>? Before { get; init; }

    public Func<EmulatorControl, Task>? After { get; init; }

    public string Mode => Stream ? "stream" : "non-stream";
}
