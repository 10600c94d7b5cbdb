namespace Reliability.Runner;

/// <summary>
/// Many clients drop their connections mid-answer (streams, and whole answers still waiting for their first byte);
/// afterwards every call that reached a provider must have exactly one complete record, <c>client_aborted</c>
/// (or <c>completed</c> when it finished first).
/// </summary>
public sealed class DisconnectStorm(RunOptions options, Stack stack, Canaries canaries, ResponseArchive archive)
{
    public const string Phase = "storm";
    private const string Table = "RelStorm";

    public int Calls { get; private set; }
    public int ReachedProvider { get; private set; }
    public int NeverReached { get; private set; }
    public int ClientAborted { get; private set; }
    public int Completed { get; private set; }
    public int OtherOutcome { get; private set; }
    public int Lost { get; private set; }
    public int Duplicates { get; private set; }
    public int FacadeErrors { get; private set; }
    public List<string> Problems { get; } = [];

    /// <summary>The problems, lost outcomes and duplicates first.</summary>
    public IEnumerable<string> ProblemsBySeverity => Problems.OrderBy(p => p.Contains("no record", StringComparison.Ordinal) || p.Contains("without outcome", StringComparison.Ordinal) ? 0 : p.Contains("duplicated", StringComparison.Ordinal) ? 1 : 2);
    public bool Pass => Lost == 0 && Duplicates == 0 && OtherOutcome == 0 && FacadeErrors == 0;

    public async Task RunAsync()
    {
        await using var facade = await stack.StartFacadeAsync(Phase, Table);
        using var client = new ChatClient(facade.BaseUri, canaries.CallerKey, archive);
        using var control = new EmulatorControl(stack);
        var random = new Random(options.Seed);
        var specs = Enumerable.Range(0, options.StormCalls).Select(_ =>
        {
            var route = ChatRoutes.All[random.Next(ChatRoutes.All.Length)];
            var stream = random.Next(10) != 0;
            var directive = stream ? "events=30 delay=60" : "first-byte-delay=1200";
            return new ChatSpec(route, stream, Markers.New('S'), directive) { DropAfter = TimeSpan.FromMilliseconds(random.Next(5, 2400)) };
        }).ToList();
        using var gate = new SemaphoreSlim(20);
        var results = await Task.WhenAll(specs.Select(async spec =>
        {
            await gate.WaitAsync();
            try { return await client.CallAsync(spec); }
            finally { gate.Release(); }
        }));
        Calls = results.Length;
        var provider = await control.RequestsByMarkerAsync();
        var audit = await AuditScan.SettleAsync(stack.StorageConnection, Table,
            results.Where(r => r.RequestId is not null || provider.GetValueOrDefault(r.Spec.Marker) > 0).Select(r => r.RequestId ?? "").Where(id => id.Length > 0), TimeSpan.FromSeconds(90));
        audit = await AuditScan.ReadAsync(stack.StorageConnection, Table);
        foreach (var result in results)
        {
            var reached = provider.GetValueOrDefault(result.Spec.Marker);
            var calls = audit.For(result);
            if (reached > 0) ReachedProvider++;
            if (result.Status >= 500) { FacadeErrors++; Problems.Add($"{result.Spec.Route.Label()}: {result.Summary}"); }
            if (calls.Count == 0)
            {
                if (reached > 0 || result.Status is not null) { Lost++; Problems.Add($"{result.Spec.Marker} ({result.Spec.Route.Label()}, {result.Summary}, provider requests {reached}): no audit record"); }
                else NeverReached++;
                continue;
            }
            if (calls.Count > 1 || calls[0].Duplicate) { Duplicates++; Problems.Add($"{result.Spec.Marker}: duplicated: " + AuditCall.Describe(calls)); }
            var call = calls[0];
            switch (call.Outcome)
            {
                case null: Lost++; Problems.Add($"{result.Spec.Marker} ({result.Spec.Route.Label()}): record without outcome"); break;
                case "client_aborted": ClientAborted++; break;
                case "completed": Completed++; break;
                default: OtherOutcome++; Problems.Add($"{result.Spec.Marker} ({result.Spec.Route.Label()}, {(result.Spec.Stream ? "stream" : "non-stream")}, client {result.Summary}): outcome {call.Outcome} {call.Status}"); break;
            }
        }
    }
}
