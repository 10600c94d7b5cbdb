using System.Text;
using static Bench.LoadGen.Markdown;

namespace Bench.LoadGen;

/// <summary>The report's sections after latency: ratios, throughput, streams, memory, cold start, failures, audit.</summary>
public static partial class ResultsReport
{
    private static void Ratios(StringBuilder md, RunData d)
    {
        md.AppendLine("### Side by side (ratios are what to compare on a small, noisy machine)").AppendLine();
        var rows = new List<string[]>();
        foreach (var rate in d.RateLevels)
        {
            var direct = d.Rate(rate, "direct");
            double Added(string t) => (d.Rate(rate, t)?.LatencyMs.P99 ?? double.NaN) - (direct?.LatencyMs.P99 ?? double.NaN);
            double Cpu(string t) => d.Rate(rate, t)?.CpuMsPerRequest ?? double.NaN;
            rows.Add([$"added p99 at {rate:N0} RPS, ms", Num(Added("facade"), 3), Num(Added("nginx"), 3), Num(Added("portkey"), 3), Ratio(Added("facade"), Added("nginx")), Ratio(Added("facade"), Added("portkey"))]);
            rows.Add([$"CPU per request at {rate:N0} RPS, ms", Num(Cpu("facade"), 3), Num(Cpu("nginx"), 3), Num(Cpu("portkey"), 3), Ratio(Cpu("facade"), Cpu("nginx")), Ratio(Cpu("facade"), Cpu("portkey"))]);
        }
        double Rps(string t) => d.Wrk.GetValueOrDefault(t)?.Rps ?? double.NaN;
        rows.Add(["closed-loop RPS (wrk)", Int(Rps("facade")), Int(Rps("nginx")), Int(Rps("portkey")), Ratio(Rps("facade"), Rps("nginx")), Ratio(Rps("facade"), Rps("portkey"))]);
        double Relay(string t) => d.Streams.GetValueOrDefault(t)?.RelayMs.P99 ?? double.NaN;
        rows.Add(["per-event relay p99, ms", Num(Relay("facade"), 3), Num(Relay("nginx"), 3), Num(Relay("portkey"), 3), Ratio(Relay("facade"), Relay("nginx")), Ratio(Relay("facade"), Relay("portkey"))]);
        double Kb(string t) => d.Memory.GetValueOrDefault(t)?.Levels.LastOrDefault()?.AddedKbPerStream ?? double.NaN;
        rows.Add(["KiB per open stream (largest level)", Num(Kb("facade"), 1), Num(Kb("nginx"), 1), Num(Kb("portkey"), 1), Ratio(Kb("facade"), Kb("nginx")), Ratio(Kb("facade"), Kb("portkey"))]);
        Table(md, ["Measure", "facade", "nginx", "Portkey", "facade ÷ nginx", "facade ÷ Portkey"], rows);
    }

    private static void Throughput(StringBuilder md, RunData d)
    {
        if (d.Wrk.Count == 0) return;
        md.AppendLine("## Maximum throughput (closed loop, wrk)").AppendLine();
        var w0 = d.Wrk.Values.First().Run.Command;
        md.AppendLine($"`{string.Join(' ', w0.Take(5))} …`: each connection sends its next request when the last answer is in. " +
            "wrk itself shares the 2 cores.").AppendLine();
        Table(md, ["Target", "RPS", "Requests", "p50 ms", "p99 ms", "CPU ms / request", "Cores used", "Failed"],
            d.Present.Where(d.Wrk.ContainsKey).Select(t => d.Wrk[t]).Select(w => new[]
            {
                Label(w.Run.Target), Int(w.Rps), Int(w.Requests), Num(w.P50Ms, 3), Num(w.P99Ms, 3), Num(w.CpuMsPerRequest, 3), Num(w.Cores), Int(w.Failed),
            }));
    }

    private static void Streams(StringBuilder md, RunData d)
    {
        if (d.Streams.Count == 0) return;
        var s0 = d.Streams.Values.First();
        md.AppendLine("## Streams").AppendLine();
        md.AppendLine($"{s0.Concurrency} streams at once, back to back, each {s0.EventsPerStream} content events of {s0.EventBytes} bytes " +
            $"{s0.IntervalMs} ms apart. Relay latency: the client's receive time minus the upstream's stamp in the event (one monotonic clock). " +
            "TTFT: request sent to first content event. Own reads: events whose read carried no byte of another content event. " +
            "Portkey 1.15.2 waits 25 ms before relaying the first event of an OpenAI-compatible stream (a `setTimeout` in its " +
            "stream reader), which is part of its TTFT.").AppendLine();
        var sd = d.Streams.GetValueOrDefault("direct");
        Table(md, ["Target", "Streams ok", "Failed", "TTFT p50 ms", "TTFT p99 ms", "TTFT overhead p50 / p99", "Relay p50 ms", "Relay p99 ms", "Relay p99.9 ms", "Added relay p99", "Events as own reads"],
            d.Present.Where(d.Streams.ContainsKey).Select(t => d.Streams[t]).Select(s => new[]
            {
                Label(s.Target), Int(s.Ok), Int(s.Failed), Num(s.TtftMs.P50, 3), Num(s.TtftMs.P99, 3),
                s.Target == "direct" ? "" : $"{Signed(s.TtftMs.P50 - (sd?.TtftMs.P50 ?? double.NaN), 3)} / {Signed(s.TtftMs.P99 - (sd?.TtftMs.P99 ?? double.NaN), 3)}",
                Num(s.RelayMs.P50, 3), Num(s.RelayMs.P99, 3), Num(s.RelayMs.P999, 3),
                s.Target == "direct" ? "" : Signed(s.RelayMs.P99 - (sd?.RelayMs.P99 ?? double.NaN), 3),
                $"{Int(s.OwnReadEvents)} of {Int(s.StampedEvents)} ({Num(100 * s.OwnReadShare, 1)}%)",
            }));
    }

    private static void Memory(StringBuilder md, RunData d)
    {
        if (d.Memory.Count == 0) return;
        md.AppendLine("## Memory per open stream").AppendLine();
        md.AppendLine("Each proxy fresh, warmed with 50 short streams; then streams held open after their first event, " +
            "level by level. Added = (RSS − baseline) ÷ open streams; RSS ÷ streams is also shown.").AppendLine();
        if (d.MetaOr("levels_asked") != d.MetaOr("levels_run"))
            md.AppendLine($"> Levels asked: {d.MetaOr("levels_asked")}; run: {d.MetaOr("levels_run")}. Each stream through a proxy takes two descriptors " +
                $"(client side and upstream side) and the open-files limit here is {d.MetaOr("open_files_limit")}, which this sandbox does not let even root raise, " +
                "so the top level is capped just below it.").AppendLine();
        var rows = new List<string[]>();
        foreach (var t in d.Present.Where(d.Memory.ContainsKey))
        {
            var m = d.Memory[t];
            foreach (var l in m.Levels)
                rows.Add([Label(t), Int(l.Streams), Int(l.Open), Int(l.Failed), Num(m.BaselineRssKb / 1024.0, 1), Num(l.RssKb / 1024.0, 1), Num(l.AddedKbPerStream, 1), Num(l.RssKbPerStream, 1), Num(l.OpenSeconds, 1)]);
        }
        Table(md, ["Target", "Streams", "Open", "Failed", "Baseline RSS MiB", "RSS MiB", "Added KiB / stream", "RSS KiB / stream", "Seconds to open"], rows);
        md.AppendLine("![RSS against open streams](memory.png)").AppendLine();
    }

    private static void ColdStart(StringBuilder md, RunData d)
    {
        if (d.Cold.Count == 0) return;
        md.AppendLine("## Cold start").AppendLine();
        md.AppendLine("Process start to the first 200 on a chat completion (the probe posts every millisecond).").AppendLine();
        Table(md, ["Process", "Median ms", "Min ms", "Max ms", "Runs", "Failed"],
            new[] { "facade-r2r", "facade-jit", "facade-worker", "portkey", "nginx" }.Where(d.Cold.ContainsKey).Select(n => d.Cold[n]).Select(c => new[]
            {
                Label(c.Target), Num(c.MedianMs, 0), Num(c.MinMs, 0), Num(c.MaxMs, 0), Int(c.RunsMs.Count), Int(c.Failed),
            }));
    }

    private static void Failures(StringBuilder md, RunData d)
    {
        md.AppendLine("## Failed requests").AppendLine();
        Table(md, ["Target", "Open loop", "hey", "wrk", "Streams", "Open streams", "Total"],
            d.Present.Select(t => new[]
            {
                Label(t), Int(d.Rates.Where(r => r.Target == t).Sum(r => r.Failed)), Int(d.Hey.GetValueOrDefault(t)?.Failed ?? 0),
                Int(d.Wrk.GetValueOrDefault(t)?.Failed ?? 0), Int(d.Streams.GetValueOrDefault(t)?.Failed ?? 0),
                Int(d.Memory.GetValueOrDefault(t)?.Levels.LastOrDefault()?.Failed ?? 0), Int(d.Failures(t)),
            }));
        var errors = d.Rates.SelectMany(r => r.Errors.Select(e => (r.Target, Load: $"{r.Rate} RPS", e.Key, e.Value)))
            .Concat(d.Streams.Values.SelectMany(s => s.Errors.Select(e => (s.Target, Load: "streams", e.Key, e.Value))))
            .Concat(d.Memory.Values.SelectMany(m => m.Errors.Select(e => (m.Target, Load: "open streams", e.Key, e.Value)))).ToList();
        if (errors.Count > 0)
            Table(md, ["Target", "Load", "Error", "Count"], errors.Select(e => new[] { Label(e.Target), e.Load, e.Key.Replace("|", "\\|", StringComparison.Ordinal), Int(e.Value) }));
    }
}
