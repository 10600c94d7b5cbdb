using System.Text;
using static Bench.LoadGen.Markdown;

namespace Bench.LoadGen;

/// <summary>The worker path: the facade as an isolated worker behind the Functions test host, against the same facade on Kestrel.</summary>
public static partial class ResultsReport
{
    private const string Kestrel = "facade", Worker = "facade-worker";

    private static void WorkerPath(StringBuilder md, RunData d)
    {
        if (!d.Present.Contains(Worker)) return;
        md.AppendLine("## Worker path (isolated worker behind the test host)").AppendLine();
        md.AppendLine("The same Release build and configuration as **facade** (no audit), started the way Azure starts it: the repository's " +
            "Functions test host (`tests/FunctionsTestHost`, Release build) runs `dotnet LlmFacade.dll` with the Functions host's arguments, speaks " +
            $"the worker's gRPC protocol to it (Microsoft.Azure.Functions.Worker {d.MetaOr("functions_worker")}) and forwards each request of its " +
            "HTTP front to the worker's own Kestrel, paired with an invocation on the gRPC stream. CPU: *total* is the test host's process tree " +
            "(the worker is its child, and the load generator sums a process and its descendants); *worker* and *test host* are each process " +
            $"alone, from its own `/proc/<pid>/stat`. The test host runs with {d.MetaOr("testhost_gc")} GC and the thread pool's default " +
            $"spinning (the Web SDK's defaults), the worker with the facade's own settings ({d.MetaOr("worker_gc")} GC, no idle spinning).").AppendLine();

        var latency = new List<string[]>();
        var cpu = new List<string[]>();
        foreach (var rate in d.RateLevels)
        {
            if (d.Rate(rate, Kestrel) is not { } k || d.Rate(rate, Worker) is not { } w) continue;
            latency.Add([$"{rate:N0} RPS", Num(k.AchievedRate, 0), Num(w.AchievedRate, 0), $"{Num(k.LatencyMs.P50, 3)} / {Num(k.LatencyMs.P99, 3)}",
                $"{Num(w.LatencyMs.P50, 3)} / {Num(w.LatencyMs.P99, 3)}", $"{Signed(w.LatencyMs.P50 - k.LatencyMs.P50, 3)} / {Signed(w.LatencyMs.P99 - k.LatencyMs.P99, 3)}",
                $"{Int(k.Failed)} / {Int(w.Failed)}"]);
            cpu.Add(CpuRow($"{rate:N0} RPS", k.CpuMsPerRequest, w.PartCpuMsPerRequest("worker"), w.PartCpuMsPerRequest("host"), w.CpuMsPerRequest));
        }
        if (d.Wrk.GetValueOrDefault(Kestrel) is { } kw && d.Wrk.GetValueOrDefault(Worker) is { } ww)
        {
            latency.Add(["closed loop (wrk)", Int(kw.Rps), Int(ww.Rps), $"{Num(kw.P50Ms, 3)} / {Num(kw.P99Ms, 3)}", $"{Num(ww.P50Ms, 3)} / {Num(ww.P99Ms, 3)}",
                $"{Signed(ww.P50Ms - kw.P50Ms, 3)} / {Signed(ww.P99Ms - kw.P99Ms, 3)}", $"{Int(kw.Failed)} / {Int(ww.Failed)}"]);
            cpu.Add(CpuRow("closed loop (wrk)", kw.CpuMsPerRequest, ww.PartCpuMsPerRequest("worker"), ww.PartCpuMsPerRequest("host"), ww.CpuMsPerRequest));
        }
        if (d.Streams.GetValueOrDefault(Kestrel) is { } ks && d.Streams.GetValueOrDefault(Worker) is { } ws)
            cpu.Add(CpuRow($"streams, per stream of {ws.EventsPerStream} events", ks.CpuMsPerStream(), ws.CpuMsPerStream("worker"), ws.CpuMsPerStream("host"), ws.CpuMsPerStream()));
        md.AppendLine("### Rate and latency: Kestrel against the worker path").AppendLine();
        Table(md, ["Load", "Kestrel answered RPS", "Worker path answered RPS", "Kestrel p50 / p99 ms", "Worker path p50 / p99 ms", "Added by the worker path p50 / p99 ms", "Failed (Kestrel / worker path)"], latency);
        md.AppendLine("### CPU ms per request").AppendLine();
        Table(md, ["Load", "Kestrel (facade process)", "Worker process", "Test host process", "Worker path total (tree)", "Worker ÷ Kestrel", "Total ÷ Kestrel"], cpu);

        if (d.Streams.GetValueOrDefault(Kestrel) is { } sk && d.Streams.GetValueOrDefault(Worker) is { } sw)
        {
            md.AppendLine("### Streams through the test host").AppendLine();
            Table(md, ["Target", "Streams ok / failed", "TTFT p50 / p99 ms", "Relay p50 / p99 / p99.9 ms", "Events as own reads"],
                new[] { sk, sw }.Select(s => new[]
                {
                    Label(s.Target), $"{Int(s.Ok)} / {Int(s.Failed)}", $"{Num(s.TtftMs.P50, 3)} / {Num(s.TtftMs.P99, 3)}",
                    $"{Num(s.RelayMs.P50, 3)} / {Num(s.RelayMs.P99, 3)} / {Num(s.RelayMs.P999, 3)}", $"{Num(100 * s.OwnReadShare, 1)} %",
                }));
        }
        if (d.Cold.ContainsKey(Worker))
        {
            md.AppendLine("### Cold start: process start to the first answered chat completion").AppendLine();
            Table(md, ["Process", "Median ms", "Min ms", "Max ms", "Runs", "Failed"],
                new[] { "facade-jit", "facade-r2r", Worker }.Where(d.Cold.ContainsKey).Select(n => d.Cold[n]).Select(c => new[]
                {
                    Label(c.Target), Num(c.MedianMs, 0), Num(c.MinMs, 0), Num(c.MaxMs, 0), Int(c.RunsMs.Count), Int(c.Failed),
                }));
        }
        WorkerPathReading(md, d);
    }

    private static string[] CpuRow(string load, double kestrel, double worker, double host, double total) =>
        [load, Num(kestrel, 3), Num(worker, 3), Num(host, 3), Num(total, 3), Ratio(worker, kestrel), Ratio(total, kestrel)];
}
