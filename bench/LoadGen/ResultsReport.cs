using System.Globalization;
using System.Text;
using static Bench.LoadGen.Markdown;

namespace Bench.LoadGen;

/// <summary>Writes results/RESULTS.md and the plots' data files from results/raw.</summary>
public static partial class ResultsReport
{
    public static void Write(string dir)
    {
        var d = new RunData(Path.Combine(dir, "raw"));
        PlotData.Write(d, dir);
        var md = new StringBuilder();
        Header(md, d);
        Targets(md, d);
        Latency(md, d);
        Throughput(md, d);
        Streams(md, d);
        Memory(md, d);
        ColdStart(md, d);
        WorkerPath(md, d);
        Telemetry(md, d);
        Failures(md, d);
        Audit(md, d);
        md.AppendLine("## How each figure is measured").AppendLine()
          .AppendLine("See `bench/README.md`. In short: every load has a fixed duration and stops by itself; every address is 127.0.0.1; ")
          .AppendLine("CPU is utime+stime of the proxy's process tree from `/proc/<pid>/stat` before and after a load (for the worker path: the test ")
          .AppendLine("host's tree, holding the worker, and each of the two processes on its own; CPU ms per request ")
          .AppendLine("is the same number as CPU seconds per 1,000 requests; for direct it is the upstream's own); memory is VmRSS ")
          .AppendLine("from `/proc/<pid>/status`; \"added\" is the proxy's percentile minus direct's at the same rate in the same run.");
        File.WriteAllText(Path.Combine(dir, "RESULTS.md"), md.ToString());
    }

    private static void Header(StringBuilder md, RunData d)
    {
        var loadStart = d.MetaOr("load_average_start");
        var load1 = double.TryParse(loadStart.Split(' ')[0], CultureInfo.InvariantCulture, out var l) ? l : double.NaN;
        md.AppendLine("# Benchmark results: facade, Portkey, nginx, direct").AppendLine();
        md.AppendLine($"Written by `bench/run.sh{(d.MetaOr("mode") == "quick" ? " --quick" : "")}` on {d.MetaOr("date")}; regenerate with the same command, do not edit by hand.").AppendLine();
        var loadEnd = double.TryParse(d.MetaOr("load_average_end").Split(' ')[0], CultureInfo.InvariantCulture, out var e) ? e : double.NaN;
        if (d.MetaOr("mode") == "full" && load1 < 1.5 && !(loadEnd < 1.5))
        {
            md.AppendLine($"> Full run, started with the 1-minute load average at {Num(load1)}; at the end it was {Num(loadEnd)}. The end figure includes " +
                "the benchmark's own processes (the run ends by holding thousands of streams open), so it does not by itself show that other " +
                "work overlapped the run. Treat a single outlier (a p99 far from the same target's at the other rates) as a reason to rerun, " +
                "not as a property of the system under test, and compare ratios.").AppendLine();
        }
        if (d.MetaOr("mode") != "full" || !(load1 < 1.5))
        {
            md.AppendLine($"> **Smoke run, not the benchmark's results.** Mode: {d.MetaOr("mode")}; 1/5/15-minute load average at the start: {loadStart} " +
                $"(at the end: {d.MetaOr("load_average_end")}) on {d.MetaOr("nproc")} cores. Figures from a short run on a shared, loaded machine show " +
                "that the harness works and roughly how the systems compare; they are not the numbers to judge the targets by. " +
                "The full run (`bench/run.sh` on an otherwise idle machine) is pending.").AppendLine();
        }
        md.AppendLine("## Machine and versions").AppendLine();
        Table(md, ["What", "Value"],
        [
            ["CPU", $"{d.MetaOr("cpu")}, `nproc` = {d.MetaOr("nproc")}"],
            ["Kernel", d.MetaOr("kernel")],
            ["Load average (1/5/15 min) at start / end", $"{loadStart} / {d.MetaOr("load_average_end")}"],
            ["Open-files limit", d.MetaOr("open_files_limit")],
            [".NET SDK / ASP.NET Core runtime", $"{d.MetaOr("dotnet_sdk")} / {d.MetaOr("aspnetcore")}"],
            ["Portkey gateway (npm `@portkey-ai/gateway`) / Node.js", $"{d.MetaOr("portkey")} / {d.MetaOr("node")}"],
            ["nginx (Debian nginx-light)", d.MetaOr("nginx")],
            ["wrk / hey / gnuplot (Debian)", $"{d.MetaOr("wrk")} / {d.MetaOr("hey")} / {d.MetaOr("gnuplot")}"],
            ["Audit", d.MetaOr("audit")],
            ["Functions worker (Microsoft.Azure.Functions.Worker) / GC of the test host, of the worker", $"{d.MetaOr("functions_worker")} / {d.MetaOr("testhost_gc")}, {d.MetaOr("worker_gc")}"],
            ["Telemetry target's export", d.MetaOr("otel_export")],
        ]);
        md.AppendLine("`free -h`:").AppendLine().AppendLine("```").AppendLine(d.Free).AppendLine("```").AppendLine();
    }

    private static void Targets(StringBuilder md, RunData d)
    {
        md.AppendLine("## The issue's targets").AppendLine();
        var verdicts = TargetVerdicts.From(d);
        Table(md, ["Target", "Measured", "Verdict", "By how much"], verdicts.Select(v => new[] { v.Goal, v.Measured, v.MetText, v.Margin }));
        foreach (var v in verdicts.Where(v => v.Met == false))
            md.AppendLine($"- **{v.Goal}** — why, and what would close it: {v.Why}").AppendLine();
    }

    private static void Latency(StringBuilder md, RunData d)
    {
        md.AppendLine("## Non-stream latency at a fixed rate (open loop)").AppendLine();
        md.AppendLine("Our load generator, requests due at evenly spaced times and sent when due whatever is outstanding. " +
            "Latency: send to last byte. Added = the proxy's percentile minus direct's at the same rate. Answered RPS below the " +
            "rate means the target could not keep up: its queue, and so its latency, grew for the whole run (hey and other " +
            "closed-loop tools hide this by waiting for answers before sending more).").AppendLine();
        foreach (var rate in d.RateLevels)
        {
            var direct = d.Rate(rate, "direct");
            md.AppendLine($"### {rate:N0} RPS").AppendLine();
            Table(md, ["Target", "Answered RPS", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "Added p50", "Added p99", "Added p99.9", "CPU ms / request", "Cores used", "Failed", "Late sends"],
                d.Present.Select(t => d.Rate(rate, t)).OfType<OpenLoopResult>().Select(r => new[]
                {
                    Label(r.Target), Num(r.AchievedRate, 0), Num(r.LatencyMs.P50, 3), Num(r.LatencyMs.P99, 3), Num(r.LatencyMs.P999, 3), Num(r.LatencyMs.Max, 1),
                    r.Target == "direct" ? "" : Signed(r.LatencyMs.P50 - (direct?.LatencyMs.P50 ?? double.NaN), 3),
                    r.Target == "direct" ? "" : Signed(r.LatencyMs.P99 - (direct?.LatencyMs.P99 ?? double.NaN), 3),
                    r.Target == "direct" ? "" : Signed(r.LatencyMs.P999 - (direct?.LatencyMs.P999 ?? double.NaN), 3),
                    Num(r.CpuMsPerRequest, 3), Num(r.Cores), Int(r.Failed), Int(r.LateSends),
                }));
        }
        md.AppendLine("![p50 and p99 latency against the request rate](latency.png)").AppendLine();
        Ratios(md, d);
        if (d.Hey.Count > 0)
        {
            md.AppendLine("### hey at 1,000 RPS, for comparison with earlier runs").AppendLine();
            md.AppendLine("50 workers at 20 QPS each (hey's `-q` is per worker). hey's workers tick together, so requests leave in bursts of up to 50; " +
                "its tail is burstier than the open-loop table above.").AppendLine();
            var hd = d.Hey.GetValueOrDefault("direct");
            Table(md, ["Target", "RPS", "p50 ms", "p99 ms", "Added p99", "CPU ms / request", "Failed"],
                d.Present.Where(d.Hey.ContainsKey).Select(t => d.Hey[t]).Select(h => new[]
                {
                    Label(h.Run.Target), Num(h.Rps, 0), Num(h.P50Ms, 3), Num(h.P99Ms, 3), h.Run.Target == "direct" ? "" : Signed(h.P99Ms - (hd?.P99Ms ?? double.NaN), 3),
                    Num(h.CpuMsPerRequest, 3), Int(h.Failed),
                }));
        }
    }
}
