using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.LoadGen;

/// <summary>What hey printed: rate, p50/p99, responses by status and errors; and the target's CPU meanwhile.</summary>
public sealed partial class HeySummary
{
    public HeySummary(CommandResult run)
    {
        Run = run;
        Rps = RpsLine().Match(run.Output) is { Success: true } r ? double.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        P50Ms = Percentile("50");
        P99Ms = Percentile("99");
        Ok = StatusLine().Matches(run.Output).Where(m => m.Groups[1].Value == "200").Sum(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var asked = AskedCount().Match(string.Join(' ', run.Command)) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : Ok;
        Failed = asked - Ok;
        Requests = asked;
    }

    public CommandResult Run { get; }
    public double Rps { get; }
    public double P50Ms { get; }
    public double P99Ms { get; }
    public long Ok { get; }
    public long Requests { get; }
    public long Failed { get; }
    public double CpuMsPerRequest => Requests == 0 ? double.NaN : Run.CpuSeconds * 1000 / Requests;

    private double Percentile(string p)
    {
        var m = Regex.Match(Run.Output, $@"^\s*{p}% in ([\d.]+) secs", RegexOptions.Multiline);
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1000 : double.NaN;
    }

    [GeneratedRegex(@"^\s*Requests/sec:\s*([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"^\s*\[(\d{3})\]\s+(\d+) responses", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"-n (\d+)")]
    private static partial Regex AskedCount();
}
