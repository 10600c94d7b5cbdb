using System.Text.Json;

namespace Bench.LoadGen;

/// <summary>Everything one run left in <c>results/raw</c>, read back for the report.</summary>
public sealed class RunData
{
    /// <summary>The proxies whose memory per open stream is measured.</summary>
    public static readonly string[] Proxies = ["nginx", "portkey", "facade", "facade-audit"];

    /// <summary>Every target, in the order of the tables: the facade's variants (telemetry on, isolated worker) last.</summary>
    public static readonly string[] Targets = ["direct", .. Proxies, "facade-otel", "facade-worker"];

    public RunData(string raw)
    {
        Meta = File.ReadAllLines(Path.Combine(raw, "meta.txt"))
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.Last()[1].Trim());
        Free = File.Exists(Path.Combine(raw, "free.txt")) ? File.ReadAllText(Path.Combine(raw, "free.txt")).TrimEnd() : "";
        foreach (var file in Directory.EnumerateFiles(raw, "*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var text = File.ReadAllText(file);
            var parts = name.Split('-', 2);
            switch (parts[0])
            {
                case "rate": Rates.Add(Read<OpenLoopResult>(text)); break;
                case "stream": Streams[parts[1]] = Read<StreamResult>(text); break;
                case "memory": Memory[parts[1]] = Read<OpenStreamsResult>(text); break;
                case "cold": Cold[parts[1]] = Read<ColdStartResult>(text); break;
                case "wrk": Wrk[parts[1]] = new WrkSummary(Read<CommandResult>(text)); break;
                case "hey": Hey[parts[1]] = new HeySummary(Read<CommandResult>(text)); break;
                case "store": StoreCapacity = Read<StoreCapacityResult>(text); break;
                case "audit": AuditHealth[parts[1]] = AuditCounters.Parse(text); break;
                case "otlp": Otlp[parts[1]] = OtlpCounts.Parse(text); break;
            }
        }
    }

    public Dictionary<string, string> Meta { get; }
    public string Free { get; }
    public List<OpenLoopResult> Rates { get; } = [];
    public Dictionary<string, StreamResult> Streams { get; } = [];
    public Dictionary<string, OpenStreamsResult> Memory { get; } = [];
    public Dictionary<string, ColdStartResult> Cold { get; } = [];
    public Dictionary<string, WrkSummary> Wrk { get; } = [];
    public Dictionary<string, HeySummary> Hey { get; } = [];

    /// <summary>The audit store's capacity in this run (transactions of 100 with the SDK), if measured.</summary>
    public StoreCapacityResult? StoreCapacity { get; private set; }

    /// <summary>The audited facade's store counters from <c>/health</c>, by moment: <c>health-wrk-before</c>, <c>health-wrk-after</c>…</summary>
    public Dictionary<string, AuditCounters> AuditHealth { get; } = [];

    /// <summary>The OTLP sink's counters by moment: <c>wrk-before</c>, <c>rate1000-after</c>, <c>end</c>…</summary>
    public Dictionary<string, OtlpCounts> Otlp { get; } = [];

    /// <summary>What the sink received during one load of the telemetry target, or null when a reading is missing.</summary>
    public OtlpCounts? OtlpDelta(string phase) =>
        Otlp.TryGetValue($"{phase}-before", out var before) && Otlp.TryGetValue($"{phase}-after", out var after) ? after - before : null;

    /// <summary>What the audit store did between two readings of its counters, or null when either is missing.</summary>
    public AuditCounters? AuditDelta(string phase) =>
        AuditHealth.TryGetValue($"health-{phase}-before", out var before) && AuditHealth.TryGetValue($"health-{phase}-after", out var after) ? after - before : null;

    public IEnumerable<int> RateLevels => Rates.Select(r => r.Rate).Distinct().Order();

    public IEnumerable<string> Present => Targets.Where(t => Rates.Any(r => r.Target == t) || Streams.ContainsKey(t));

    public OpenLoopResult? Rate(int rate, string target) => Rates.FirstOrDefault(r => r.Rate == rate && r.Target == target);

    public string MetaOr(string key, string fallback = "?") => Meta.TryGetValue(key, out var v) ? v : fallback;

    /// <summary>Failed requests of one target over every load of the run.</summary>
    public long Failures(string target) =>
        Rates.Where(r => r.Target == target).Sum(r => (long)r.Failed)
        + (Streams.TryGetValue(target, out var s) ? s.Failed : 0)
        + (Wrk.TryGetValue(target, out var w) ? w.Failed : 0)
        + (Hey.TryGetValue(target, out var h) ? h.Failed : 0)
        + (Memory.TryGetValue(target, out var m) ? m.Levels.LastOrDefault()?.Failed ?? 0 : 0);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, ResultFile.Options)!;
}
