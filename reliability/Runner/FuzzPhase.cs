using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Reliability.Hostile;

namespace Reliability.Runner;

/// <summary>
/// Sends the hostile cases (probes first, then random ones from the seed) over raw connections, counts answers by
/// route and status, and turns every facade 5xx, forwarded duplicate key, accepted invalid text, bodiless app
/// error, missing answer and forged log line into findings with reproducers under <c>findings/</c>.
/// </summary>
public sealed partial class FuzzPhase(RunOptions options, Stack stack, Canaries canaries, ResponseArchive archive, string findingsDirectory)
{
    public const string Phase = "fuzz";

    public string ForgeMarker { get; } = "FORGEDLOGLINE" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    public sealed record Exchange(HostileCase Case, HostileResponse Response)
    {
        public string? RequestId => Response.Header("x-request-id");
        public string StatusText => Response.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? (Response.SenderGaveUp ? "no answer (sender gave up)" : "no answer: " + Response.Failure);
    }

    public List<Exchange> Exchanges { get; } = [];
    public List<Finding> Findings { get; } = [];
    public int AuditedOk { get; private set; }
    public int AuditMissing { get; private set; }
    public int UnauditedFiveHundreds { get; private set; }
    public string Generator => $"HostileCaseGenerator(seed {options.Seed})";

    public async Task RunAsync()
    {
        await using var facade = await stack.StartFacadeAsync(Phase, "RelFuzz");
        var targets = new HostileTargets
        {
            UnifiedModels = [Stack.LanruiModel, Stack.BaiduModel, Stack.MindIEModel],
            BaiduEndpoint = Stack.BaiduEndpoint,
            MindIEModel = Stack.MindIETarget,
            CallerKey = canaries.CallerKey,
            WrongKey = canaries.WrongKey,
            ForgeMarker = ForgeMarker,
        };
        var cases = new HostileCaseGenerator(targets, options.Seed).Generate(options.FuzzCases).ToList();
        var sender = new RawHttpSender("127.0.0.1", facade.Port);
        var results = new ConcurrentBag<Exchange>();
        var slow = cases.Where(c => c.Delivery != HostileDelivery.Whole).ToList();
        var fast = new ConcurrentQueue<HostileCase>(cases.Where(c => c.Delivery == HostileDelivery.Whole));
        var done = 0;
        async Task Worker(ConcurrentQueue<HostileCase> queue)
        {
            while (queue.TryDequeue(out var hostile))
            {
                var response = await sender.SendAsync(hostile);
                archive.Add(string.Join("\n", response.Headers.Select(h => h.Key + ": " + h.Value)));
                archive.Add(response.Body);
                results.Add(new Exchange(hostile, response));
                if (Interlocked.Increment(ref done) % 1000 == 0) Console.WriteLine($"  fuzz: {done:N0} of {cases.Count:N0}");
            }
        }
        var slowQueue = new ConcurrentQueue<HostileCase>(slow);
        var workers = Enumerable.Range(0, options.FuzzConcurrency).Select(_ => Worker(fast)).Concat(Enumerable.Range(0, 24).Select(_ => Worker(slowQueue)));
        await Task.WhenAll(workers);
        Exchanges.AddRange(results.OrderBy(r => r.Case.Id));

        // Let completions land, then read what the audit holds for the calls that were answered.
        var answered = Exchanges.Where(e => e.RequestId is not null && e.Response.Status is >= 200 and < 300 && e.Case.Target.Contains("chat", StringComparison.Ordinal)).Select(e => e.RequestId!).ToList();
        var audit = await AuditScan.SettleAsync(stack.StorageConnection, "RelFuzz", answered, TimeSpan.FromSeconds(90));
        AuditedOk = answered.Count(id => audit.Calls.TryGetValue(id, out var call) && call.Complete && !call.Duplicate);
        AuditMissing = answered.Count - AuditedOk;
        await facade.DisposeAsync();
        var log = new FacadeLog(facade.LogPath);
        using var control = new EmulatorControl(stack);
        var received = new Dictionary<int, List<(string Provider, string Body)>>();
        foreach (var (provider, body) in await control.BodiesAsync())
            foreach (var id in HostileCaseGenerator.CaseOf(body))
                (received.TryGetValue(id, out var list) ? list : received[id] = []).Add((provider, body));
        await FindAsync(log, audit, received);
    }

    private async Task FindAsync(FacadeLog log, AuditScan audit, Dictionary<int, List<(string Provider, string Body)>> received)
    {
        Directory.CreateDirectory(findingsDirectory);
        var crashes = log.Crashes();
        var groups = new Dictionary<string, Finding>(StringComparer.Ordinal);
        var caseIds = new Dictionary<string, List<Exchange>>(StringComparer.Ordinal);
        void Add(string kind, Exchange exchange, string signature, string? logLine = null)
        {
            var key = kind + "|" + exchange.Case.Route + "|" + signature;
            if (!groups.TryGetValue(key, out var finding))
                groups[key] = finding = new Finding { Phase = Phase, Kind = kind, Route = exchange.Case.Route, Signature = signature, LogLine = logLine };
            finding.Count++;
            (caseIds.TryGetValue(kind, out var list) ? list : caseIds[kind] = []).Add(exchange);
            if (finding.Examples.Count < 3)
            {
                var file = $"fuzz-seed{options.Seed}-case{exchange.Case.Id:D5}.http";
                File.WriteAllBytes(Path.Combine(findingsDirectory, file), exchange.Case.ToBytes());
                finding.Reproducers.Add(file);
                finding.Examples.Add($"case {exchange.Case.Id} ({exchange.Case.Category}{(exchange.Case.Model is null ? "" : ", " + exchange.Case.Model)}): {exchange.Case.Description} → {exchange.StatusText}");
            }
        }
        foreach (var exchange in Exchanges)
        {
            var response = exchange.Response;
            var status = response.Status;
            var tags = exchange.Case.Tags;
            var code = ChatClient.ErrorCodeOf(Encoding.UTF8.GetString(response.Body));
            // Only copies at the provider the case aimed at (a mutation that hit the id's digits could name another case).
            var atProvider = (received.GetValueOrDefault(exchange.Case.Id) ?? []).Where(r => ProviderOf(exchange.Case) is { } aimed && (aimed == "any" || aimed == r.Provider)).ToList();
            foreach (var (provider, body) in atProvider)
            {
                if (JsonDuplicates.Find(body) is { } name)
                    Add("duplicate key forwarded to the provider (prompt smuggling)", exchange, $"member \"{name}\" twice reached {provider}");
                else if (HasLoneSurrogate(body) || (tags.HasFlag(HostileTags.InvalidUnicode) && body.Contains('\uFFFD', StringComparison.Ordinal)))
                    Add("text that is not valid Unicode reached the provider", exchange, $"{exchange.Case.Category} reached {provider}");
            }
            if (status >= 500 && atProvider.Count > 0 && IsPassThrough(exchange.Case.Route) && code != "server_error")
            {
                Add("provider's 5xx passed through (it failed on the forwarded body)", exchange, $"{status} from {atProvider[0].Provider}" + (response.Body.Length == 0 ? " (empty body)" : ""));
            }
            else if (status >= 500 && exchange.RequestId is null)
            {
                Add("Kestrel's own 5xx (before the app, malformed HTTP)", exchange, $"{status}");
            }
            else if (status >= 500)
            {
                var crash = exchange.RequestId is { } id ? crashes.TryGetValue(id, out var line) ? line : log.LinesOf(id).FirstOrDefault() : null;
                var exception = crash is null ? "" : crash.Split(':')[0];
                if (exchange.RequestId is { } rid && !audit.Calls.ContainsKey(rid)) UnauditedFiveHundreds++;
                Add("facade 5xx", exchange, $"{status} {code} {exception}".Trim() + (response.Body.Length == 0 ? " (empty body)" : ""), crash);
            }
            else if (status is >= 200 and < 300 && tags.HasFlag(HostileTags.InvalidUnicode))
                Add("text that is not valid Unicode accepted", exchange, $"2xx for {exchange.Case.Category}");
            if (status is >= 400 and < 500 && exchange.RequestId is not null && exchange.Case.Method != "HEAD" && !IsErrorEnvelope(response.Body))
                Add("app error without a JSON error body", exchange, $"{status} with {response.Body.Length} body bytes");
            if (status is null && !response.SenderGaveUp && !tags.HasFlag(HostileTags.MalformedHttp))
                Add("no HTTP answer", exchange, $"{exchange.Case.Category}: {response.Failure}");
        }
        // Every case behind a finding, rebuildable from the seed and its number (the first three of each also as bytes).
        var index = new StringBuilder("case\tkind\troute\tanswer\tcategory\tdescription\n");
        foreach (var (finding, cases) in caseIds.OrderBy(c => c.Key, StringComparer.Ordinal))
            foreach (var exchange in cases)
                index.Append(exchange.Case.Id).Append('\t').Append(finding).Append('\t').Append(exchange.Case.Route).Append('\t').Append(exchange.StatusText)
                    .Append('\t').Append(exchange.Case.Category).Append('\t').Append(exchange.Case.Description.Replace('\t', ' ')).Append('\n');
        File.WriteAllText(Path.Combine(findingsDirectory, $"fuzz-seed{options.Seed}-cases.tsv"), index.ToString());
        Findings.AddRange(groups.Values.OrderBy(f => f.Kind, StringComparer.Ordinal).ThenBy(f => f.Route, StringComparer.Ordinal).ThenByDescending(f => f.Count));

        var forged = log.ForgedLines(ForgeMarker);
        if (forged.Count > 0)
        {
            var finding = new Finding { Phase = Phase, Kind = "log forging (caller CR/LF starts a log line)", Route = "any", Signature = $"{forged.Count} forged log lines", Count = forged.Count };
            finding.Examples.AddRange(forged.Take(3));
            foreach (var probe in Exchanges.Where(e => e.Case.Tags.HasFlag(HostileTags.LogForging) && e.Case.Tags.HasFlag(HostileTags.KnownProbe)).Take(3))
            {
                var file = $"fuzz-seed{options.Seed}-case{probe.Case.Id:D5}.http";
                File.WriteAllBytes(Path.Combine(findingsDirectory, file), probe.Case.ToBytes());
                finding.Reproducers.Add(file);
            }
            Findings.Add(finding);
        }
        await Task.CompletedTask;
    }

    private static string? ProviderOf(HostileCase hostile) => hostile.Route switch
    {
        _ when hostile.Route.StartsWith("POST /baidu/", StringComparison.Ordinal) => "baidu",
        _ when hostile.Route.StartsWith("POST /mindie/", StringComparison.Ordinal) => "mindie",
        _ when hostile.Route.StartsWith("POST /v1/chat/", StringComparison.Ordinal) => hostile.Model switch
        {
            Stack.LanruiModel => "lanrui",
            Stack.BaiduModel => "baidu",
            Stack.MindIEModel => "mindie",
            _ => "any",
        },
        _ => null,
    };

    private static bool IsPassThrough(string route) =>
        route.StartsWith("POST /baidu/", StringComparison.Ordinal) || route.StartsWith("POST /mindie/", StringComparison.Ordinal);

    /// <summary>Whether a JSON text holds a string with a lone or reversed surrogate (as a \u escape).</summary>
    private static bool HasLoneSurrogate(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = 100_000 });
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) _ = reader.GetString();
        }
        catch (InvalidOperationException) { return true; }
        catch (JsonException) { }
        return false;
    }

    private static bool IsErrorEnvelope(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
