namespace Bench.LoadGen;

/// <summary>What one streaming run measured.</summary>
public sealed record StreamResult(
    string Target, int Concurrency, int EventsPerStream, int EventBytes, int IntervalMs, double DurationSeconds,
    int Streams, int Ok, int Failed, int StampedEvents, int OwnReadEvents, double OwnReadShare,
    Percentiles TtftMs, Percentiles RelayMs, double CpuSeconds, Dictionary<string, int> Errors);
