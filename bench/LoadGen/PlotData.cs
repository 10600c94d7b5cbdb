using System.Text;
using static Bench.LoadGen.Markdown;

namespace Bench.LoadGen;

/// <summary>gnuplot's input: latency.dat (rate, p50 and p99 per target) and memory.dat (streams, RSS MiB per proxy).</summary>
public static class PlotData
{
    public static void Write(RunData d, string dir)
    {
        var latency = new StringBuilder("# rate");
        foreach (var t in RunData.Targets) latency.Append($" {t}_p50 {t}_p99");
        latency.AppendLine();
        foreach (var rate in d.RateLevels)
        {
            latency.Append(rate);
            foreach (var t in RunData.Targets)
            {
                var r = d.Rate(rate, t);
                latency.Append(' ').Append(r is null ? "NaN" : Num(r.LatencyMs.P50, 4)).Append(' ').Append(r is null ? "NaN" : Num(r.LatencyMs.P99, 4));
            }
            latency.AppendLine();
        }
        File.WriteAllText(Path.Combine(dir, "latency.dat"), latency.ToString());

        // One block per proxy (gnuplot "index"), a baseline row at 0 streams first.
        var memory = new StringBuilder();
        foreach (var t in RunData.Proxies)
        {
            memory.AppendLine($"# {t}: streams rss_mib added_kib_per_stream");
            if (d.Memory.TryGetValue(t, out var m))
            {
                memory.AppendLine($"0 {Num(m.BaselineRssKb / 1024.0, 2)} NaN");
                foreach (var l in m.Levels) memory.AppendLine($"{l.Open} {Num(l.RssKb / 1024.0, 2)} {Num(l.AddedKbPerStream, 2)}");
            }
            else
            {
                memory.AppendLine("NaN NaN NaN");
            }
            memory.AppendLine().AppendLine();
        }
        File.WriteAllText(Path.Combine(dir, "memory.dat"), memory.ToString());
    }
}
