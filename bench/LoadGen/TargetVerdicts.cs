using static Bench.LoadGen.Markdown;

namespace Bench.LoadGen;

/// <summary>
/// The issue's targets checked against one run. Each "why" names the measured figures behind a gap and the
/// changes that would close it; the figures come from the run, the reasons from how each system works.
/// </summary>
public static class TargetVerdicts
{
    public static List<TargetVerdict> From(RunData d)
    {
        var list = new List<TargetVerdict>();
        var at1000 = (string t) => d.Rate(1000, t);
        var direct = at1000("direct");
        var facade = at1000("facade");
        var nginx = at1000("nginx");
        var portkey = at1000("portkey");

        // 1. p99 added at 1,000 RPS.
        if (direct is not null && facade is not null)
        {
            var added = facade.LatencyMs.P99 - direct.LatencyMs.P99;
            var nginxAdded = nginx is null ? double.NaN : nginx.LatencyMs.P99 - direct.LatencyMs.P99;
            var portkeyAdded = portkey is null ? double.NaN : portkey.LatencyMs.P99 - direct.LatencyMs.P99;
            list.Add(new TargetVerdict("p99 added ≤ 1 ms at 1,000 RPS", $"{Signed(added, 3)} ms (nginx {Signed(nginxAdded, 3)}, Portkey {Signed(portkeyAdded, 3)})",
                added <= 1, added <= 1 ? $"{Num(1 - added, 3)} ms to spare" : $"{Num(added - 1, 3)} ms over",
                added <= 1 ? "" :
                (nginxAdded > added ? $"nginx, which does almost nothing per request, added {Num(nginxAdded, 3)} ms at p99 in the same run: on this " +
                    "machine the tail is set by three busy processes (load generator, proxy, upstream) sharing 2 cores more than by the proxy. " : "") +
                $"The facade spends {Num(facade.CpuMsPerRequest, 3)} ms of CPU per request against nginx's {Num(nginx?.CpuMsPerRequest ?? double.NaN, 3)} ms " +
                "(it authenticates, parses and validates the request, writes a new upstream body, parses the answer and writes a new one; " +
                "nginx copies bytes). On 2 cores shared with the load generator and the upstream, extra CPU per request turns into " +
                "queueing at the tail. Closing it: less work per request (no intermediate JSON objects on the non-stream path, pooled " +
                "buffers, one write of the answer), then a run on a machine where the proxy has cores of its own."));
        }

        // Why CPU per request at a fixed rate is what it is: compare the cores kept busy at two rates with
        // the marginal cost at saturation.
        var facade2000 = d.Rate(2000, "facade");
        var saturated = d.Wrk.GetValueOrDefault("facade");
        var cpuWhy = facade is null || facade2000 is null || saturated is null ? "" :
            $" The facade kept {Num(facade.Cores)} cores busy at 1,000 RPS and {Num(facade2000.Cores)} at 2,000 RPS, and needs only " +
            $"{Num(saturated.CpuMsPerRequest, 3)} ms per request when saturated (wrk): CPU grows far more slowly than the rate, so at a " +
            "fixed rate most of it goes to waking up and going back to sleep per request rather than to the request itself; .NET " +
            "thread-pool threads spin before they block. First thing to try: DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 " +
            "(less spinning), measured with this harness; then the allocations on the hot path.";

        // 2-3. CPU per request against nginx and Portkey.
        if (facade is not null && nginx is not null)
        {
            var r = facade.CpuMsPerRequest / nginx.CpuMsPerRequest;
            list.Add(new TargetVerdict("CPU per request ≤ 5× nginx's (at 1,000 RPS)", $"{Num(facade.CpuMsPerRequest, 3)} ms vs {Num(nginx.CpuMsPerRequest, 3)} ms = {Num(r)}×",
                r <= 5, r <= 5 ? $"{Num(5 - r)}× to spare" : $"{Num(r / 5)}× the allowance ({Num(r - 5)}× over)",
                r <= 5 ? "" :
                "nginx forwards bytes with no parsing beyond headers; the facade runs ASP.NET Core routing, the caller filter, " +
                "System.Text.Json reading and writing in both directions and an HttpClient call. Closing it: profile with " +
                "dotnet-counters/dotnet-trace under this load, remove allocations on the hot path (Utf8JsonReader straight to " +
                "the upstream body, cached header values, no LINQ), and check that server GC is not spending the difference." + cpuWhy));
        }
        if (facade is not null && portkey is not null)
        {
            var r = facade.CpuMsPerRequest / portkey.CpuMsPerRequest;
            list.Add(new TargetVerdict("CPU per request ≤ ¼ of Portkey's (at 1,000 RPS)", $"{Num(facade.CpuMsPerRequest, 3)} ms vs {Num(portkey.CpuMsPerRequest, 3)} ms = {Num(r)}×",
                r <= 0.25, r <= 0.25 ? $"{Num(0.25 / r)}× better than needed" : $"{Num(r / 0.25)}× the allowance",
                r <= 0.25 ? "" : "The facade does more per request than a byte-copying proxy (above), and Portkey's figure at this rate is " +
                "for a gateway that could not keep up (see its answered RPS), which makes its CPU per request lower than when it is not " +
                "saturated." + cpuWhy));
        }

        // 4. Closed-loop throughput against Portkey.
        if (d.Wrk.TryGetValue("facade", out var wf) && d.Wrk.TryGetValue("portkey", out var wp))
        {
            var r = wf.Rps / wp.Rps;
            var wn = d.Wrk.GetValueOrDefault("nginx");
            list.Add(new TargetVerdict("Closed-loop throughput ≥ 10× Portkey's", $"{Int(wf.Rps)} vs {Int(wp.Rps)} RPS = {Num(r)}× (nginx {Int(wn?.Rps ?? double.NaN)})",
                r >= 10, r >= 10 ? $"{Num(r / 10)}× the goal" : $"{Num(r)}× of 10×: {Int(10 * wp.Rps - wf.Rps)} RPS short",
                r >= 10 ? "" :
                $"At saturation the facade used {Num(wf.Cores)} cores at {Num(wf.CpuMsPerRequest, 3)} ms CPU per request, on a 2-core machine " +
                "that also runs wrk and the upstream: throughput here is CPU per request divided into what is left of 2 cores. " +
                "Closing it: the CPU-per-request work above; the ratio to Portkey holds only if Portkey is CPU-bound the same way."));
        }

        // 5. Zero failures.
        if (d.Present.Contains("facade"))
        {
            var f = d.Failures("facade");
            list.Add(new TargetVerdict("Zero failed requests", $"{Int(f)} failed over every load", f == 0, f == 0 ? "none" : $"{Int(f)} failed",
                f == 0 ? "" : "See the failures table for which load and which error."));
        }

        // 6. Per-event relay p99.
        if (d.Streams.TryGetValue("facade", out var sf))
        {
            var p99 = sf.RelayMs.P99;
            var sd = d.Streams.GetValueOrDefault("direct");
            list.Add(new TargetVerdict("Per-event relay p99 ≤ 0.5 ms", $"{Num(p99, 3)} ms (direct {Num(sd?.RelayMs.P99 ?? double.NaN, 3)}, added {Signed(p99 - (sd?.RelayMs.P99 ?? double.NaN), 3)})",
                p99 <= 0.5, p99 <= 0.5 ? $"{Num(0.5 - p99, 3)} ms to spare" : $"{Num(p99 - 0.5, 3)} ms over",
                p99 <= 0.5 ? "" :
                (sd is not null && p99 - sd.RelayMs.P99 <= 0.5
                    ? $"The facade's own share, its p99 over direct's, is {Signed(p99 - sd.RelayMs.P99, 3)} ms, within 0.5 ms; the rest is this machine: " +
                      $"with no proxy at all the relay p99 was {Num(sd.RelayMs.P99, 3)} ms. Closing it needs a machine where direct is well below " +
                      "0.5 ms (the load generator and upstream on their own cores); there the target reduces to the added figure."
                    : "Each event is read from the upstream, parsed, translated, written and flushed before the next read: two socket " +
                "hops and a thread-pool hop per event. On 2 busy cores the tail is dominated by waiting for a core. Closing it: " +
                "compare with direct's own tail (what the machine adds), then cut allocations per chunk.")));
        }

        // 7. Memory per open stream at the largest level.
        if (d.Memory.TryGetValue("facade", out var mf) && mf.Levels.Count > 0)
        {
            var top = mf.Levels[^1];
            var capped = d.MetaOr("levels_asked") != d.MetaOr("levels_run");
            var note = top.Streams == 10_000 ? "" : $" at {Int(top.Streams)} open streams{(capped ? " (capped by the open-files limit, see the memory section)" : ", not 10,000")}";
            list.Add(new TargetVerdict("10,000 streams at ≤ 50 KB each (read as KiB)", $"{Num(top.AddedKbPerStream, 1)} KiB added per stream{note}",
                top.AddedKbPerStream <= 50 && top.Open == top.Streams, top.AddedKbPerStream <= 50 ? $"{Num(50 - top.AddedKbPerStream, 1)} KiB to spare" : $"{Num(top.AddedKbPerStream - 50, 1)} KiB over",
                top.AddedKbPerStream <= 50 ? "" :
                "Per stream the facade holds an inbound Kestrel connection, an outbound pooled HttpClient connection, the request " +
                "objects and the relay's buffers; server GC also grows its heap with the allocation rate. Closing it: smaller " +
                "per-connection buffers, releasing the request body and parsed request once the upstream call is sent, and trying " +
                "DOTNET_GCConserveMemory or workstation GC for stream-heavy deployments."));
        }

        // 8. Cold start.
        if (d.Cold.TryGetValue("facade-r2r", out var cr))
        {
            list.Add(new TargetVerdict("Cold start ≤ 300 ms (ReadyToRun)", $"{Num(cr.MedianMs, 0)} ms median of {cr.RunsMs.Count} (min {Num(cr.MinMs, 0)})",
                cr.MedianMs <= 300, cr.MedianMs <= 300 ? $"{Num(300 - cr.MedianMs, 0)} ms to spare" : $"{Num(cr.MedianMs - 300, 0)} ms over",
                cr.MedianMs <= 300 ? "" :
                (d.Cold.GetValueOrDefault("facade-jit") is { } cj && cj.MedianMs <= cr.MedianMs
                    ? $"The ReadyToRun build started no faster than the plain JIT build ({Num(cr.MedianMs, 0)} against {Num(cj.MedianMs, 0)} ms), " +
                      "so compiling code is not where start-up goes; a self-contained app also maps more files. "
                    : "") +
                "Start-up covers the runtime, host building, configuration checks, the first request's JIT of what ReadyToRun " +
                "did not precompile, and the first upstream connection. Closing it: trace start-up (`dotnet-trace collect -- <app>` " +
                "or `strace -f -r`) to see where the time goes, trim eager work in host building (CreateSlimBuilder is " +
                "already used), or publish with Native AOT once the dependencies allow it."));
        }

        // 9. Telemetry on against off.
        list.AddRange(TelemetryVerdicts.From(d));

        // 10-12. The audit trail's targets.
        list.AddRange(AuditVerdicts.From(d));
        return list;
    }
}
