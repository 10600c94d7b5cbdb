using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.LoadGen;

/// <summary>What wrk printed (requests, rate, latency percentiles, errors) and the CPU the target used meanwhile.</summary>
public sealed partial class WrkSummary
{
    public WrkSummary(CommandResult run)
    {
        Run = run;
        Requests = Match(RequestsLine(), run.Output) is { } r ? long.Parse(r, CultureInfo.InvariantCulture) : 0;
        Rps = Match(RpsLine(), run.Output) is { } rps ? double.Parse(rps, CultureInfo.InvariantCulture) : 0;
        P50Ms = Latency("50%");
        P99Ms = Latency("99%");
        var non2xx = Match(Non2xxLine(), run.Output) is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(run.Output) is { Success: true } m ? m.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        Failed = non2xx + socket;
    }

    public CommandResult Run { get; }
    public long Requests { get; }
    public double Rps { get; }
    public double P50Ms { get; }
    public double P99Ms { get; }
    public long Failed { get; }
    public double CpuMsPerRequest => Requests == 0 ? double.NaN : Run.CpuSeconds * 1000 / Requests;
    public double Cores => Run.WallSeconds == 0 ? double.NaN : Run.CpuSeconds / Run.WallSeconds;

    /// <summary>CPU ms per request of one part (<c>--part</c>), or NaN when it was not measured apart.</summary>
    public double PartCpuMsPerRequest(string part) =>
        Run.CpuSecondsByProcess?.TryGetValue(part, out var s) == true && Requests > 0 ? s * 1000 / Requests : double.NaN;

    private double Latency(string percentile)
    {
        var m = Regex.Match(Run.Output, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success) return double.NaN;
        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
    }

    private static string? Match(Regex regex, string text) => regex.Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"^\s*(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s*([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s*(\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
