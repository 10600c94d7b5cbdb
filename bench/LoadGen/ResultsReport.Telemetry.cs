using System.Text;
using static Bench.LoadGen.Markdown;

namespace Bench.LoadGen;

/// <summary>Telemetry on against off: the same facade with and without the OpenTelemetry SDK exporting, and what the sink received.</summary>
public static partial class ResultsReport
{
    private const string TelemetryOff = "facade", TelemetryOn = "facade-otel";

    private static void Telemetry(StringBuilder md, RunData d)
    {
        if (!d.Present.Contains(TelemetryOn)) return;
        md.AppendLine("## Telemetry cost (OpenTelemetry on against off)").AppendLine();
        md.AppendLine("**facade, telemetry on** is the same build and configuration as **facade** with `OTEL_EXPORTER_OTLP_ENDPOINT` set, which wires the " +
            "OpenTelemetry SDK: ASP.NET Core and HttpClient instrumentation, the facade's own meter and spans, and the OTLP exporter for metrics " +
            "and traces. The exporter's default protocol is gRPC; the run sets `OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf` and points it at a sink " +
            "in the bench upstream that reads and discards each export and counts it. Metrics go every second and span batches every 500 ms " +
            "(`OTEL_METRIC_EXPORT_INTERVAL=1000`, `OTEL_BSP_SCHEDULE_DELAY=500`; the defaults are 60 s and 5 s), so exports happen during every " +
            "load and their cost is counted generously. **facade** has no exporter, so no SDK: its meter and activity source have no listener. " +
            "CPU is the facade process's own; the sink's is the upstream's and not counted.").AppendLine();
        var rows = new List<string[]>();
        foreach (var rate in d.RateLevels)
        {
            if (d.Rate(rate, TelemetryOff) is not { } off || d.Rate(rate, TelemetryOn) is not { } on) continue;
            rows.Add(TelemetryRow($"{rate:N0} RPS", off.AchievedRate, on.AchievedRate, off.CpuMsPerRequest, on.CpuMsPerRequest, d.OtlpDelta($"rate{rate}")));
        }
        if (d.Wrk.GetValueOrDefault(TelemetryOff) is { } woff && d.Wrk.GetValueOrDefault(TelemetryOn) is { } won)
            rows.Add(TelemetryRow("closed loop (wrk)", woff.Rps, won.Rps, woff.CpuMsPerRequest, won.CpuMsPerRequest, d.OtlpDelta("wrk")));
        Table(md, ["Load", "RPS off", "RPS on", "CPU ms / request off", "CPU ms / request on", "CPU per request, on ÷ off", "Spans received (exports, KiB)", "Metrics received (exports, KiB)"], rows);

        md.AppendLine("What the sink received is counted from its own view: export requests, their bytes, and the spans and metrics inside " +
            "(read from the protobuf without a schema). Each load's window runs from just before it (warm-up included) to 1.5 s after it, " +
            "so the last batch lands inside.").AppendLine();
        var wrk = d.OtlpDelta("wrk");
        var closedLoop = d.Wrk.GetValueOrDefault(TelemetryOn);
        if (wrk is not null && closedLoop is { Requests: > 0 })
            md.AppendLine($"- Closed loop: {Int(wrk.Spans)} spans for {Int(closedLoop.Requests)} requests wrk completed, {Num(wrk.Spans / closedLoop.Requests)} per request " +
                "(each call makes the request's span and the upstream call's span), and " +
                $"{Int(wrk.MetricRequests)} metric exports in {Num(closedLoop.Run.WallSeconds, 1)} s.").AppendLine();
        if (d.Otlp.GetValueOrDefault("end") is { } end)
            md.AppendLine($"- The whole run: {Int(end.Spans)} spans in {Int(end.TraceRequests)} exports ({Num(end.TraceBytes / 1048576, 1)} MiB), " +
                $"{Int(end.Metrics)} metrics in {Int(end.MetricRequests)} exports ({Num(end.MetricBytes / 1024, 1)} KiB), " +
                $"{Int(end.LogRecords)} log records (the facade exports no logs over OTLP).").AppendLine();
        var windows = d.RateLevels.Where(r => d.Rate(r, TelemetryOn) is not null).Select(r => $"rate{r}")
            .Concat(d.Wrk.ContainsKey(TelemetryOn) ? ["wrk"] : Array.Empty<string>());
        var silent = windows.Count(w => !(d.OtlpDelta(w)?.Spans > 0));
        if (silent > 0)
            md.AppendLine($"> **{silent} load(s) of the telemetry target exported no spans**: those rows measure a facade that did not export, not the cost of telemetry.").AppendLine();
    }

    private static string[] TelemetryRow(string load, double rpsOff, double rpsOn, double cpuOff, double cpuOn, OtlpCounts? sink) =>
    [
        load, Int(rpsOff), Int(rpsOn), Num(cpuOff, 3), Num(cpuOn, 3),
        cpuOff > 0 ? $"{Ratio(cpuOn, cpuOff)} ({Signed(100 * (cpuOn / cpuOff - 1), 1)} %)" : "n/a",
        sink is null ? "n/a" : $"{Int(sink.Spans)} ({Int(sink.TraceRequests)}, {Num(sink.TraceBytes / 1024, 0)})",
        sink is null ? "n/a" : $"{Int(sink.Metrics)} ({Int(sink.MetricRequests)}, {Num(sink.MetricBytes / 1024, 0)})",
    ];
}
