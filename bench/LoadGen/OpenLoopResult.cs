namespace Bench.LoadGen;

/// <summary>
/// What one fixed-rate run measured. AchievedRate: answers with 200 per second of the whole run, drain included.
/// Refused: 503 answers (counted in Failed too), with their own latency and how many carried Retry-After;
/// SlowestAnswerMs: the longest any answer of any status took.
/// </summary>
public sealed record OpenLoopResult(
    string Target, int Rate, double DurationSeconds, int Sent, int Ok, int Failed, double AchievedRate,
    int LateSends, Percentiles LatencyMs, double CpuSeconds, double CpuMsPerRequest, Dictionary<string, int> Errors,
    int Refused = 0, int RefusedWithRetryAfter = 0, Percentiles? RefusedLatencyMs = null, double SlowestAnswerMs = double.NaN)
{
    /// <summary>CPU seconds per second of the run: how many cores the target kept busy.</summary>
    public double Cores => DurationSeconds == 0 ? double.NaN : CpuSeconds / DurationSeconds;
}
