namespace Bench.LoadGen;

/// <summary>Process start to the first 200 on a chat completion, per run, in milliseconds.</summary>
public sealed record ColdStartResult(string Target, List<double> RunsMs, double MedianMs, double MinMs, double MaxMs, int Failed);
