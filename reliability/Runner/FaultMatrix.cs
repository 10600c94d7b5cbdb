using System.Collections.Concurrent;

namespace Reliability.Runner;

/// <summary>
/// Upstream faults on every route and mode where they apply (directives in the prompt, emulator switches for Baidu's
/// tokens), then audit store outages and Key Vault down: each with what the client saw and the audit outcome.
/// </summary>
public sealed partial class FaultMatrix(RunOptions options, Stack stack, Canaries canaries, ResponseArchive archive)
{
    public const string Phase = "faults";
    private const string Table = "RelFaults";

    public List<FaultRow> Rows { get; } = [];
    public List<FaultRow> OutageRows { get; } = [];
    public List<FaultRow> VaultRows { get; } = [];

    private static readonly ChatRoute[] Unified = [ChatRoute.UnifiedLanrui, ChatRoute.UnifiedBaidu, ChatRoute.UnifiedMindIE];
    private static readonly ChatRoute[] Native = [ChatRoute.NativeBaidu, ChatRoute.NativeMindIE];

    public static List<FaultCase> Cases()
    {
        var cases = new List<FaultCase>();
        var timeout = (int)Stack.UpstreamTimeout.TotalMilliseconds + 2000;
        void Each(string fault, IEnumerable<ChatRoute> routes, IEnumerable<bool> modes, string directive, Func<ChatRoute, int[]> statuses, string? outcome, bool errorForm = false)
        {
            foreach (var route in routes)
                foreach (var stream in modes)
                    cases.Add(new FaultCase(fault, route, stream, directive, statuses(route), outcome) { ErrorFormRequired = errorForm && stream });
        }
        bool[] both = [false, true], streamOnly = [true];
        Each("none (baseline)", ChatRoutes.All, both, "", _ => [200], "completed");
        Each("upstream 500", ChatRoutes.All, both, "error=500", r => r.IsNative() ? [500, 502] : [502], "upstream_error");
        Each("upstream 503", ChatRoutes.All, [false], "error=503", r => r.IsNative() ? [503, 502] : [502, 503], "upstream_error");
        Each("upstream 429", ChatRoutes.All, both, "error=429", _ => [429], "upstream_error");
        Each("provider auth failure (401)", [ChatRoute.UnifiedLanrui, ChatRoute.UnifiedMindIE, ChatRoute.NativeMindIE], both, "error=401", r => r.IsNative() ? [401, 502] : [502], "upstream_error");
        Each("connection reset mid-stream", ChatRoutes.All, streamOnly, "reset-after=1", _ => [200], "upstream_error", errorForm: true);
        Each("connection closed before any answer", [ChatRoute.UnifiedMindIE, ChatRoute.NativeMindIE], both, "drop", _ => [502], "upstream_error");
        Each("malformed event", [ChatRoute.UnifiedLanrui, ChatRoute.UnifiedMindIE, ChatRoute.NativeMindIE], streamOnly, "malformed-after=1", _ => [200], null);
        Each("missing end of stream", [ChatRoute.UnifiedLanrui, ChatRoute.UnifiedMindIE, ChatRoute.NativeMindIE], streamOnly, "no-done", _ => [200], null);
        Each("missing end of stream (no is_end)", [ChatRoute.UnifiedBaidu, ChatRoute.NativeBaidu], streamOnly, "no-done", _ => [200], "upstream_error", errorForm: true);
        Each("error event mid-stream", [ChatRoute.UnifiedLanrui], streamOnly, "error-after=1", _ => [200], "upstream_error", errorForm: true);
        Each("Baidu error line mid-stream (336000)", [ChatRoute.UnifiedBaidu, ChatRoute.NativeBaidu], streamOnly, "error-after=1 line-error=336000", _ => [200], "upstream_error", errorForm: true);
        // MindIE's raw text names its own limit ("Engine callback timeout: ..."), not one of the facade's: docs/errors.md makes it upstream_error.
        Each("MindIE raw-text timeout mid-stream", [ChatRoute.UnifiedMindIE, ChatRoute.NativeMindIE], streamOnly, "error-after=1", _ => [200], "upstream_error", errorForm: true);
        Each("MindIE raw JSON error mid-stream", [ChatRoute.UnifiedMindIE, ChatRoute.NativeMindIE], streamOnly, "error-after=1 raw-error=json", _ => [200], "upstream_error", errorForm: true);
        Each("Baidu error body (336000)", [ChatRoute.UnifiedBaidu, ChatRoute.NativeBaidu], both, "baidu-error=336000", r => r.IsNative() ? [200, 502] : [502], "upstream_error", errorForm: true);
        Each("Baidu rate limit (336501)", [ChatRoute.UnifiedBaidu, ChatRoute.NativeBaidu], both, "baidu-error=336501", r => r.IsNative() ? [200, 429] : [429], "upstream_error", errorForm: true);
        Each("Baidu token refused (110 on every try)", [ChatRoute.UnifiedBaidu, ChatRoute.NativeBaidu], both, "baidu-error=110", r => r.IsNative() ? [200, 502] : [502], "upstream_error", errorForm: true);
        Each("first-byte timeout", ChatRoutes.All, both, $"first-byte-delay={timeout}", _ => [504], "timeout");
        Each("idle timeout mid-stream", ChatRoutes.All, streamOnly, $"delay={timeout} events=2", _ => [200, 504], "timeout", errorForm: true);
        foreach (var route in new[] { ChatRoute.UnifiedBaidu, ChatRoute.NativeBaidu })
            foreach (var stream in both)
            {
                cases.Add(new FaultCase("Baidu token expired (111), refreshed", route, stream, "", [200], "completed") { Before = c => c.BaiduAsync("expire-tokens") });
                cases.Add(new FaultCase("Baidu token invalid (110), refreshed", route, stream, "", [200], "completed") { Before = c => c.BaiduAsync("revoke-tokens") });
                cases.Add(new FaultCase("Baidu credentials refused (110 always)", route, stream, "", route.IsNative() ? [200, 502] : [502], "upstream_error")
                {
                    Before = c => c.BaiduAsync("refuse-all", "on=true"),
                    After = c => c.BaiduAsync("refuse-all", "on=false"),
                    ErrorFormRequired = true,
                });
            }
        return cases;
    }

    public async Task RunAsync()
    {
        await using var facade = await stack.StartFacadeAsync(Phase, Table);
        using var client = new ChatClient(facade.BaseUri, canaries.CallerKey, archive);
        using var control = new EmulatorControl(stack);
        var cases = Cases();
        var results = new ConcurrentDictionary<FaultCase, ChatResult>();
        var parallel = new ConcurrentQueue<FaultCase>(cases.Where(c => c.Before is null));
        async Task Worker()
        {
            while (parallel.TryDequeue(out var fault))
                results[fault] = await client.CallAsync(new ChatSpec(fault.Route, fault.Stream, Markers.New('F'), fault.Directive));
        }
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Worker()));
        foreach (var fault in cases.Where(c => c.Before is not null))
        {
            await fault.Before!(control);
            results[fault] = await client.CallAsync(new ChatSpec(fault.Route, fault.Stream, Markers.New('F'), fault.Directive));
            if (fault.After is not null) await fault.After(control);
        }
        var audit = await AuditScan.SettleAsync(stack.StorageConnection, Table, results.Values.Where(r => r.RequestId is not null).Select(r => r.RequestId!), TimeSpan.FromSeconds(90));
        var provider = await control.RequestsByMarkerAsync();
        foreach (var fault in cases)
        {
            var result = results[fault];
            Rows.Add(Row(fault.Fault, result, audit, provider, FaultCheck.Problems(result, audit.For(result), fault.Statuses, fault.Outcome, fault.ErrorFormRequired)));
        }
        await RunOutagesAsync(facade, client, control);
        await RunVaultAsync(control);
    }

    private static FaultRow Row(string fault, ChatResult result, AuditScan audit, Dictionary<string, int> provider, List<string> problems)
    {
        var calls = audit.For(result);
        var auditText = calls.Count == 0 ? "no record" : string.Join("; ", calls.Select(c => c.Summary));
        return new FaultRow(fault, result.Spec.Route.Label(), result.Spec.Stream ? "stream" : "non-stream", result.Summary, auditText,
            provider.GetValueOrDefault(result.Spec.Marker).ToString(System.Globalization.CultureInfo.InvariantCulture), problems);
    }
}
