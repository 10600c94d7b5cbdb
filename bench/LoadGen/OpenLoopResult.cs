namespace Bench.LoadGen;

/// <summary>
/// What one fixed-rate run measured. AchievedRate: answers with 200 per second of the whole run, drain included.
/// Refused: 503 answers (counted in Failed too), with their own latency and how many carried Retry-After;
/// SlowestAnswerMs: the longest any answer of any status took. CpuSecondsByProcess: each part of a target of several
/// processes on its own (<see cref="CpuMeter"/>); CpuSeconds is the whole tree's.
/// </summary>
public sealed record OpenLoopResult(
    string Target, int Rate, double DurationSeconds, int Sent, int Ok, int Failed, double AchievedRate,
    int LateSends, Percentiles LatencyMs, double CpuSeconds, double CpuMsPerRequest, Dictionary<string, int> Errors,
    int Refused = 0, int RefusedWithRetryAfter = 0, Percentiles? RefusedLatencyMs = null, double SlowestAnswerMs = double.NaN,
    Dictionary<string, double>? CpuSecondsByProcess = null)
{
    /// <summary>CPU seconds per second of the run: how many cores the target kept busy.</summary>
    public double Cores => DurationSeconds == 0 ? double.NaN : CpuSeconds / DurationSeconds;

    /// <summary>CPU ms per request sent of one part (<c>--part</c>), or NaN when it was not measured apart.</summary>
    public double PartCpuMsPerRequest(string part) =>
        CpuSecondsByProcess?.TryGetValue(part, out var s) == true && Sent > 0 ? s * 1000 / Sent : double.NaN;
}
