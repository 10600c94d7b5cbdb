using System.Text.Json;

namespace Bench.LoadGen;

/// <summary>
/// The audit store's counters as the facade's <c>/health</c> shows them (the <c>audit</c> object), with the CPU
/// seconds Azurite had used (<c>azuriteCpuSeconds</c>, added by run.sh), or the difference of two readings.
/// </summary>
public sealed record AuditCounters(double Begun, double Refused, double BeginFailures, double Completed, double Operations, double Requests, double FailedRequests, double LargestTransaction, double AzuriteCpuSeconds = double.NaN)
{
    /// <summary>Operations written per storage request.</summary>
    public double OperationsPerRequest => Requests - FailedRequests > 0 ? Operations / (Requests - FailedRequests) : double.NaN;

    /// <summary>Operations written per call begun.</summary>
    public double OperationsPerCall => Begun > 0 ? Operations / Begun : double.NaN;

    public static AuditCounters Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var cpu = document.RootElement.TryGetProperty("azuriteCpuSeconds", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : double.NaN;
        if (!document.RootElement.TryGetProperty("audit", out var a)) return new AuditCounters(0, 0, 0, 0, 0, 0, 0, 0, cpu);
        double N(string name) => a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        return new AuditCounters(N("begun"), N("refused"), N("beginFailures"), N("completed"), N("operations"), N("requests"), N("failedRequests"), N("largestTransaction"), cpu);
    }

    public static AuditCounters operator -(AuditCounters after, AuditCounters before) => new(
        after.Begun - before.Begun, after.Refused - before.Refused, after.BeginFailures - before.BeginFailures, after.Completed - before.Completed,
        after.Operations - before.Operations, after.Requests - before.Requests, after.FailedRequests - before.FailedRequests, after.LargestTransaction,
        after.AzuriteCpuSeconds - before.AzuriteCpuSeconds);
}
