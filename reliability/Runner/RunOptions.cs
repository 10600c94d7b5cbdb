using System.Globalization;

namespace Reliability.Runner;

/// <summary>The command line of <c>reliability/run.sh</c>, with the full and CI sizes.</summary>
public sealed class RunOptions
{
    public bool Ci { get; private set; }
    public int Seed { get; private set; } = 15;
    public int FuzzCases { get; private set; } = 10_000;
    public int FuzzConcurrency { get; private set; } = 2;
    public int StormCalls { get; private set; } = 200;
    public int SoakSeconds { get; private set; } = 600;
    public int SoakConcurrency { get; private set; } = 2;
    public int BriefOutageSeconds { get; private set; } = 5;
    public int LongOutageSeconds { get; private set; } = 90;
    public string Repo { get; private set; } = "";
    public string Output { get; private set; } = "";
    public IReadOnlySet<string> Phases { get; private set; } = new HashSet<string> { "fuzz", "untrusted", "faults", "storm", "soak" };

    public static RunOptions Parse(string[] args)
    {
        var options = new RunOptions();
        var ci = args.Contains("--ci");
        if (ci)
        {
            options.Ci = true;
            options.FuzzCases = 1_500;
            options.StormCalls = 40;
            options.SoakSeconds = 30;
            options.BriefOutageSeconds = 3;
            options.LongOutageSeconds = 12;
        }
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--ci": break;
                case "--seed": options.Seed = Int(); break;
                case "--fuzz-cases": options.FuzzCases = Int(); break;
                case "--fuzz-concurrency": options.FuzzConcurrency = Int(); break;
                case "--storm-calls": options.StormCalls = Int(); break;
                case "--soak-seconds": options.SoakSeconds = Int(); break;
                case "--soak-concurrency": options.SoakConcurrency = Int(); break;
                case "--brief-outage-seconds": options.BriefOutageSeconds = Int(); break;
                case "--outage-seconds": options.LongOutageSeconds = Int(); break;
                case "--repo": options.Repo = Next(); break;
                case "--output": options.Output = Next(); break;
                case "--only": options.Phases = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (options.Repo.Length == 0) throw new ArgumentException("--repo is required");
        if (options.Output.Length == 0) options.Output = Path.Combine(options.Repo, "reliability");
        return options;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(Ci ? "--ci" : "full")}: seed {Seed}, {FuzzCases:N0} fuzz cases ({FuzzConcurrency} at a time), storm of {StormCalls} calls, soak {SoakSeconds} s at {SoakConcurrency} workers, audit outages {BriefOutageSeconds} s and {LongOutageSeconds} s");
}
