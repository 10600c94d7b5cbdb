using System.Text;
using static Bench.LoadGen.Markdown;

namespace Bench.LoadGen;

/// <summary>What the worker path's figures say about the real Functions host, and what they cannot, written from the run.</summary>
public static partial class ResultsReport
{
    private static void WorkerPathReading(StringBuilder md, RunData d)
    {
        md.AppendLine("### What this machine can and cannot say about the real Functions host").AppendLine();
        var rate = d.RateLevels.Contains(1000) ? 1000 : d.RateLevels.FirstOrDefault();
        var k = d.Rate(rate, Kestrel);
        var w = d.Rate(rate, Worker);
        var kw = d.Wrk.GetValueOrDefault(Kestrel);
        var ww = d.Wrk.GetValueOrDefault(Worker);

        if (k is not null && w is not null)
        {
            var worker = w.PartCpuMsPerRequest("worker");
            var host = w.PartCpuMsPerRequest("host");
            md.AppendLine($"**What carries over: the worker's own cost.** At {rate:N0} RPS the worker process spent {Num(worker, 3)} ms of CPU per request " +
                $"where the same facade on Kestrel spent {Num(k.CpuMsPerRequest, 3)} ms ({Ratio(worker, k.CpuMsPerRequest)})" +
                (kw is not null && ww is not null ? $"; in the closed loop {Num(ww.PartCpuMsPerRequest("worker"), 3)} ms against {Num(kw.CpuMsPerRequest, 3)} ms ({Ratio(ww.PartCpuMsPerRequest("worker"), kw.CpuMsPerRequest)})" : "") +
                ". The worker is the same process on Azure: the same build and worker packages, started the same way (`dotnet LlmFacade.dll` with " +
                $"the host's arguments). So the difference, {Signed(worker - k.CpuMsPerRequest, 3)} ms per request at {rate:N0} RPS, is what the isolated " +
                "worker model costs the app itself: every call reaches the worker twice (the forwarded HTTP request on its own Kestrel and the " +
                "invocation on the gRPC stream), the worker pairs the two, runs the function and sends the invocation's response back. It was " +
                $"measured on {d.MetaOr("nproc")} shared cores ({d.MetaOr("cpu")}); an Azure instance's cores differ, so carry over the ratio " +
                "rather than the milliseconds.").AppendLine();
            md.AppendLine($"**What does not: the host's cost.** The test host spent {Num(host, 3)} ms per request at {rate:N0} RPS " +
                (ww is not null ? $"({Num(ww.PartCpuMsPerRequest("host"), 3)} ms in the closed loop), " : "") +
                $"{Num(100 * host / w.CpuMsPerRequest, 0)} % of the worker path's total. That is this repository's stand-in (a Kestrel front, an " +
                "HttpClient forward, a gRPC server), not the Functions host. On Azure the host is a different process, the Functions runtime " +
                "(the in-process .NET host) with its own HTTP pipeline, middleware, proxy to the worker, host-side logging and metrics; it runs on " +
                "the same instance as the worker, so its CPU is paid there too, but how much cannot be measured here. The test host's own " +
                "documentation (docs/functions-test-host.md) reasons that the real host does more per request, so read the stand-in's share as " +
                "a floor, not an estimate.").AppendLine();
            md.AppendLine($"**Latency and throughput.** At {rate:N0} RPS the worker path added {Signed(w.LatencyMs.P50 - k.LatencyMs.P50, 3)} ms at p50 and " +
                $"{Signed(w.LatencyMs.P99 - k.LatencyMs.P99, 3)} ms at p99 over Kestrel (every rate: the first table)" +
                (kw is not null && ww is not null ? $", and answered {Int(ww.Rps)} requests/s in the closed loop against {Int(kw.Rps)} ({Num(100 * ww.Rps / kw.Rps, 0)} %), " +
                    $"with {Num(ww.CpuMsPerRequest, 3)} ms of CPU per request in all against {Num(kw.CpuMsPerRequest, 3)} ms" : "") +
                ". Each request makes two more loopback hops and waits for the invocation pairing, on cores that the load generator, the upstream, " +
                "the test host and the worker share, so on this machine the worker path's throughput is set by its total CPU per request. " +
                "On Azure the front end and the real host make different hops: the added latency here is not Azure's, and it cannot be split " +
                "here into the worker's share and the host's." + (d.Failures(Worker) > 0 ? $" The worker path failed {Int(d.Failures(Worker))} requests over the run (see Failed requests)." : "")).AppendLine();
        }
        if (d.Streams.GetValueOrDefault(Kestrel) is { } sk && d.Streams.GetValueOrDefault(Worker) is { } sw)
        {
            var coalesced = sk.OwnReadShare - sw.OwnReadShare > 0.05;
            md.AppendLine($"**Streams.** Through the test host {Num(100 * sw.OwnReadShare, 1)} % of content events arrived as reads of their own " +
                $"(Kestrel {Num(100 * sk.OwnReadShare, 1)} %), with a per-event relay p99 of {Num(sw.RelayMs.P99, 3)} ms against {Num(sk.RelayMs.P99, 3)} ms. " +
                "The test host writes and flushes every chunk as it reads it from the worker (`HttpTriggerForwarder.CopyResponseAsync`, response " +
                "buffering disabled), " + (coalesced
                    ? "yet fewer events came alone than on Kestrel: with one more hop on busy cores, two events flushed apart can still meet in one read. "
                    : "and the figures agree: the stand-in does not hold events back. ") +
                "Whether the real host's proxy flushes each event as it comes cannot be shown here.").AppendLine();
        }
        if (d.Cold.GetValueOrDefault(Worker) is { } cw)
        {
            var cj = d.Cold.GetValueOrDefault("facade-jit");
            md.AppendLine($"**Cold start.** From the test host's process start to the first 200: {Num(cw.MedianMs, 0)} ms median of {cw.RunsMs.Count} " +
                $"(min {Num(cw.MinMs, 0)})" + (cj is null ? "" : $", against {Num(cj.MedianMs, 0)} ms for the same build on Kestrel: {Signed(cw.MedianMs - cj.MedianMs, 0)} ms") +
                ". The worker path starts the test host, then a second process (`dotnet LlmFacade.dll`), builds the worker's Functions host and " +
                "completes the handshake (init, metadata, one load per function) before its front opens. Only the worker process's own start " +
                "carries over; the stand-in's start and handshake are not the real host's, and a cold start on Azure also allocates and " +
                "specializes an instance, mounts the package and starts the real host, none of which happens here.").AppendLine();
        }
        md.AppendLine("**Not measurable here at all:** the real host's CPU and latency per request, the App Service front end (TLS, the 230 s idle " +
            "limit), host.json's concurrency limits and throttles, scale-out and placeholder specialization, and how an instance's size turns " +
            "CPU per request into requests per instance.").AppendLine();
    }
}
