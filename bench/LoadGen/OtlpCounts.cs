using System.Text.Json;

namespace Bench.LoadGen;

/// <summary>
/// The bench upstream's OTLP sink counters (<c>GET /otlp/counts</c>): per signal the export requests, their bytes and
/// the items inside (spans, metrics, log records), or the difference of two readings.
/// </summary>
public sealed record OtlpCounts(
    double TraceRequests, double TraceBytes, double Spans,
    double MetricRequests, double MetricBytes, double Metrics,
    double LogRequests, double LogBytes, double LogRecords)
{
    public static OtlpCounts Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        double N(string signal, string name) =>
            document.RootElement.TryGetProperty(signal, out var s) && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        return new OtlpCounts(N("traces", "requests"), N("traces", "bytes"), N("traces", "items"),
            N("metrics", "requests"), N("metrics", "bytes"), N("metrics", "items"),
            N("logs", "requests"), N("logs", "bytes"), N("logs", "items"));
    }

    public static OtlpCounts operator -(OtlpCounts after, OtlpCounts before) => new(
        after.TraceRequests - before.TraceRequests, after.TraceBytes - before.TraceBytes, after.Spans - before.Spans,
        after.MetricRequests - before.MetricRequests, after.MetricBytes - before.MetricBytes, after.Metrics - before.Metrics,
        after.LogRequests - before.LogRequests, after.LogBytes - before.LogBytes, after.LogRecords - before.LogRecords);
}
