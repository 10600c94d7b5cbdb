namespace Bench.LoadGen;

/// <summary>An external load tool's run (wrk, hey): its output and the CPU the measured processes used meanwhile.</summary>
public sealed record CommandResult(string Target, string Tool, List<string> Command, double WallSeconds, double CpuSeconds, int ExitCode, string Output);
