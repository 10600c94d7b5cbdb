namespace Bench.LoadGen;

/// <summary>
/// An external load tool's run (wrk, hey): its output and the CPU the measured processes used meanwhile (the trees;
/// CpuSecondsByProcess: each part of a target of several processes on its own).
/// </summary>
public sealed record CommandResult(string Target, string Tool, List<string> Command, double WallSeconds, double CpuSeconds, int ExitCode, string Output,
    Dictionary<string, double>? CpuSecondsByProcess = null);
