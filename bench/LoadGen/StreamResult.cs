namespace Bench.LoadGen;

/// <summary>What one streaming run measured (CPU: the trees; CpuSecondsByProcess: each part of a target of several processes).</summary>
public sealed record StreamResult(
    string Target, int Concurrency, int EventsPerStream, int EventBytes, int IntervalMs, double DurationSeconds,
    int Streams, int Ok, int Failed, int StampedEvents, int OwnReadEvents, double OwnReadShare,
    Percentiles TtftMs, Percentiles RelayMs, double CpuSeconds, Dictionary<string, int> Errors,
    Dictionary<string, double>? CpuSecondsByProcess = null)
{
    /// <summary>CPU ms per stream started, of the trees or of one part; NaN when not measured.</summary>
    public double CpuMsPerStream(string? part = null) =>
        Streams == 0 ? double.NaN : part is null ? CpuSeconds * 1000 / Streams
        : CpuSecondsByProcess?.TryGetValue(part, out var s) == true ? s * 1000 / Streams : double.NaN;
}
