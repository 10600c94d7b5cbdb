using System.Diagnostics;

namespace Reliability.Runner;

/// <summary>
/// Mixed load for the configured time (all routes, stream and not, about 10% upstream faults, 5% clients that drop,
/// Baidu token expiry and revocation, one brief audit outage halfway), then the reconciliation: calls sent, provider
/// requests, complete records, duplicates, lost outcomes. Reads <c>GET /metrics</c> at the end for the canary search.
/// </summary>
public sealed class SoakPhase(RunOptions options, Stack stack, Canaries canaries, ResponseArchive archive)
{
    public const string Phase = "soak";
    private const string Table = "RelSoak";
    private static readonly string[] StreamFaults = ["error=500", "error=429", "reset-after=1", "error-after=1", "no-done"];
    private static readonly string[] WholeFaults = ["error=500", "error=429", "error=503"];

    public List<ChatResult> Results { get; } = [];
    public TimeSpan Duration { get; private set; }
    public List<string> Events { get; } = [];
    public int Sent => Results.Count;
    public int Refused { get; private set; }
    public int ProviderRequests { get; private set; }
    public int CallsAtProvider { get; private set; }
    public int CallsAtProviderTwice { get; private set; }
    public int CompleteRecords { get; private set; }
    public int Duplicates { get; private set; }
    public int LostOutcomes { get; private set; }
    /// <summary>Refused calls without a record of their own, covered by the count of a rejection summary row.</summary>
    public int CountedInSummaries { get; private set; }
    public int NoRecordNeverReached { get; private set; }
    public int FacadeFiveHundreds { get; private set; }
    public int Broken { get; private set; }
    public int Mismatched { get; private set; }
    public List<string> Problems { get; } = [];

    /// <summary>The problems, lost outcomes and duplicates first.</summary>
    public IEnumerable<string> ProblemsBySeverity => Problems.OrderBy(p => p.Contains("no record", StringComparison.Ordinal) || p.Contains("without outcome", StringComparison.Ordinal) ? 0 : p.Contains("duplicated", StringComparison.Ordinal) ? 1 : 2);
    public Dictionary<string, int> ByView { get; } = [];
    public string? MetricsNote { get; private set; }
    public bool Pass => LostOutcomes == 0 && Duplicates == 0 && CallsAtProviderTwice == 0 && FacadeFiveHundreds == 0 && Mismatched == 0 && CompleteRecords + NoRecordNeverReached + CountedInSummaries == Sent;

    public async Task RunAsync()
    {
        await using var facade = await stack.StartFacadeAsync(Phase, Table);
        using var client = new ChatClient(facade.BaseUri, canaries.CallerKey, archive);
        using var control = new EmulatorControl(stack);
        var clock = Stopwatch.StartNew();
        var total = TimeSpan.FromSeconds(options.SoakSeconds);
        var results = new System.Collections.Concurrent.ConcurrentBag<ChatResult>();
        async Task Worker(int index)
        {
            var random = new Random(options.Seed * 100 + index);
            while (clock.Elapsed < total)
            {
                var result = await client.CallAsync(Next(random));
                results.Add(result);
                // As a well-behaved client does: a refusal that says when to come back is honoured (at most 2 s here).
                if (result.Status is 429 or 503 && result.RetryAfter is { } wait) await Task.Delay(wait < TimeSpan.FromSeconds(2) ? wait : TimeSpan.FromSeconds(2));
            }
        }
        async Task Operator()
        {
            var steps = new (double At, string Name, Func<Task> Act)[]
            {
                (0.3, "Baidu tokens expired (111)", () => control.BaiduAsync("expire-tokens")),
                (0.5, $"audit store unreachable for {options.BriefOutageSeconds} s", async () => { await stack.StorageDownAsync(); await Task.Delay(TimeSpan.FromSeconds(options.BriefOutageSeconds)); stack.StorageUp(); }),
                (0.7, "Baidu tokens revoked (110)", () => control.BaiduAsync("revoke-tokens")),
            };
            foreach (var (at, name, act) in steps)
            {
                var wait = total * at - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                Events.Add($"{clock.Elapsed.TotalSeconds:F0} s: {name}");
                await act();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, options.SoakConcurrency).Select(Worker).Append(Operator()));
        Duration = clock.Elapsed;
        Results.AddRange(results);
        await ReadMetricsAsync(facade);
        await ReconcileAsync(control);
    }

    private static ChatSpec Next(Random random)
    {
        var roll = random.Next(100);
        var route = roll switch { < 30 => ChatRoute.UnifiedLanrui, < 45 => ChatRoute.UnifiedBaidu, < 60 => ChatRoute.UnifiedMindIE, < 80 => ChatRoute.NativeBaidu, _ => ChatRoute.NativeMindIE };
        var stream = random.Next(10) < 6;
        var kind = random.Next(100);
        if (kind < 10)
        {
            var faults = stream ? StreamFaults : WholeFaults;
            return new ChatSpec(route, stream, Markers.New('K'), faults[random.Next(faults.Length)]);
        }
        if (kind < 15) return new ChatSpec(route, true, Markers.New('K'), "events=20 delay=50") { DropAfter = TimeSpan.FromMilliseconds(random.Next(50, 800)) };
        return new ChatSpec(route, stream, Markers.New('K'), "events=5 delay=20");
    }

    private async Task ReadMetricsAsync(Facade facade)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri(facade.BaseUri, "metrics"));
        var body = await response.Content.ReadAsStringAsync();
        archive.Add(body);
        MetricsNote = response.IsSuccessStatusCode ? $"GET /metrics answered {(int)response.StatusCode} ({body.Length} bytes, searched)" : $"GET /metrics answered {(int)response.StatusCode}: no metrics endpoint yet, skipped";
    }

    private async Task ReconcileAsync(EmulatorControl control)
    {
        var provider = await control.RequestsByMarkerAsync();
        var audit = await AuditScan.SettleAsync(stack.StorageConnection, Table, Results.Where(r => r.RequestId is not null).Select(r => r.RequestId!), TimeSpan.FromSeconds(120));
        foreach (var result in Results)
        {
            ByView[result.View] = ByView.GetValueOrDefault(result.View) + 1;
            var reached = provider.GetValueOrDefault(result.Spec.Marker);
            ProviderRequests += reached;
            if (reached > 0) CallsAtProvider++;
            if (reached > 1) { CallsAtProviderTwice++; Problems.Add($"{result.Spec.Marker}: {reached} provider requests"); }
            if (result.Status == 503 && result.ErrorCode == "audit_unavailable") Refused++;
            if (result.Status == 500 && result.ErrorCode == "server_error") { FacadeFiveHundreds++; Problems.Add($"{result.Spec.Route.Label()} {result.Spec.Directive}: {result.Summary}"); }
            if (result.TransportError is not null) Broken++;
            var calls = audit.For(result);
            if (calls.Count == 0)
            {
                if (reached == 0 && result.Status is null) NoRecordNeverReached++;
                // Refusals beyond Audit:RejectionRecordsPerSecond are counted in rejection summary rows, not recorded one by one.
                else if (reached == 0 && result.Status == 503 && result.ErrorCode == "audit_unavailable" && CountedInSummaries < audit.SummarisedRejections(503)) CountedInSummaries++;
                else { LostOutcomes++; Problems.Add($"{result.Spec.Marker} ({result.Spec.Route.Label()}, {result.Summary}, provider requests {reached}): no record"); }
                continue;
            }
            if (calls.Count > 1 || calls[0].Duplicate) { Duplicates++; Problems.Add($"{result.Spec.Marker} ({result.Spec.Route.Label()}, {result.Summary}): duplicated: " + AuditCall.Describe(calls)); }
            if (!calls[0].Complete) { LostOutcomes++; Problems.Add($"{result.Spec.Marker} ({result.Spec.Route.Label()}, {result.Summary}): record without outcome"); continue; }
            CompleteRecords++;
            var problems = FaultCheck.Problems(result, calls, null, null, false).Where(p => p.StartsWith("audit ", StringComparison.Ordinal)).ToList();
            if (problems.Count > 0) { Mismatched++; if (Problems.Count < 200) Problems.Add($"{result.Spec.Marker} ({result.Spec.Route.Label()}, {(result.Spec.Stream ? "stream" : "non-stream")}, {result.Spec.Directive}): {string.Join("; ", problems)}"); }
        }
    }
}
