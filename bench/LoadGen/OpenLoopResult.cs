namespace Bench.LoadGen;

/// <summary>What one fixed-rate run measured. AchievedRate: answers with 200 per second of the whole run, drain included.</summary>
public sealed record OpenLoopResult(
    string Target, int Rate, double DurationSeconds, int Sent, int Ok, int Failed, double AchievedRate,
    int LateSends, Percentiles LatencyMs, double CpuSeconds, double CpuMsPerRequest, Dictionary<string, int> Errors)
{
    /// <summary>CPU seconds per second of the run: how many cores the target kept busy.</summary>
    public double Cores => DurationSeconds == 0 ? double.NaN : CpuSeconds / DurationSeconds;
}
