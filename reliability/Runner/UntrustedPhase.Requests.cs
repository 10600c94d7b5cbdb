using System.Text;
using Reliability.Hostile;

namespace Reliability.Runner;

public sealed partial class UntrustedPhase
{
    private sealed record Sent(HostileCase Case, HostileResponse Response, string Marker, string Route, string Mode);

    /// <summary>
    /// <c>x-ms-invocation-id</c> (and the Functions host's other name for it) forged by a client of the Kestrel host:
    /// 16–30 KB holding control characters, on accepted calls and on a 401. Only the Functions host may set it.
    /// </summary>
    private async Task<List<Sent>> SendForgedInvocationIdsAsync()
    {
        string Forged(int size)
        {
            var value = new StringBuilder("FORGED" + _tag);
            while (value.Length < size) value.Append("-id\u0001\u001b[2J\u001b]0;x\u0007\u007f");
            return value.ToString(0, size);
        }
        var sent = new List<Sent>();
        foreach (var (header, size, key, stream) in new[] { ("x-ms-invocation-id", 16 * 1024, "", false), ("x-ms-invocation-id", 30 * 1024, (string?)null, false), ("X-Azure-Functions-InvocationId", 20 * 1024, "", true) })
        {
            var marker = Markers.New('U');
            var body = Encoding.UTF8.GetBytes($"{{\"model\":\"{Stack.LanruiModel}\",\"messages\":[{{\"role\":\"user\",\"content\":\"Hello {marker}\"}}],\"stream\":{(stream ? "true" : "false")}}}");
            var hostile = Post("/v1/chat/completions", body, $"{header}: {size / 1024} KB with control characters{(key is null ? ", no key (401)" : "")}", [(header, Forged(size))], key);
            sent.Add(new Sent(hostile, await SendAsync(hostile), marker, "unified lanrui", Mode(stream)));
        }
        _showAlso.AddRange(sent.Select(s => s.Response.Header("x-request-id")).OfType<string>());
        return sent;
    }

    private void JudgeForgedInvocationIds(List<Sent> sent, AuditScan audit, Dictionary<string, int> atProviders)
    {
        foreach (var s in sent)
        {
            var problems = new List<string>();
            var id = s.Response.Header("x-request-id");
            if (s.Response.Status is not { } status || status >= 500 || id is null) problems.Add($"answered {Status(s.Response)}, expected the app's answer");
            var call = id is not null && audit.Calls.TryGetValue(id, out var found) ? found : null;
            if (call is null) problems.Add("no audit record");
            var stored = call?.Rows.SelectMany(r => r.Properties).Where(p => p.Value.Contains("FORGED" + _tag, StringComparison.Ordinal)).ToList() ?? [];
            foreach (var (name, value) in stored.DistinctBy(p => p.Key)) problems.Add($"the record's {name} holds the forged value ({value.Length:N0} chars)");
            InvocationRows.Add(new FaultRow(s.Case.Description, s.Route, s.Mode, Status(s.Response), call?.Summary ?? "no record",
                atProviders.GetValueOrDefault(s.Marker).ToString(System.Globalization.CultureInfo.InvariantCulture), problems));
        }
    }

    /// <summary>Chunked requests whose chunk size overflows a 64-bit count, on a unified and a pass-through route.</summary>
    private async Task<List<Sent>> SendOverflowingChunksAsync()
    {
        var sent = new List<Sent>();
        foreach (var (target, route) in new[] { ("/v1/chat/completions", "unified lanrui"), ("/mindie/v1/chat/completions", "pass-through mindie") })
            foreach (var size in new[] { "7FFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFFFFFF" })
            {
                var marker = Markers.New('U');
                var model = target.StartsWith("/mindie", StringComparison.Ordinal) ? Stack.MindIETarget : Stack.LanruiModel;
                var json = $"{{\"model\":\"{model}\",\"messages\":[{{\"role\":\"user\",\"content\":\"Hello {marker}\"}}]}}";
                var hostile = Post(target, Encoding.ASCII.GetBytes($"{size}\r\n{json}\r\n0\r\n\r\n"), $"chunk size {size}", chunked: true);
                sent.Add(new Sent(hostile, await SendAsync(hostile), marker, route, "whole"));
            }
        return sent;
    }

    private void JudgeOverflowingChunks(List<Sent> sent, AuditScan audit, Dictionary<string, int> atProviders)
    {
        foreach (var s in sent)
        {
            var problems = new List<string>();
            var id = s.Response.Header("x-request-id");
            if (s.Response.Status != 400) problems.Add($"answered {Status(s.Response)}, expected 400");
            var call = id is not null && audit.Calls.TryGetValue(id, out var found) ? found : null;
            if (call is null) problems.Add("no audit record");
            else if (!call.Complete) problems.Add("audit record without outcome");
            var reached = atProviders.GetValueOrDefault(s.Marker);
            if (reached > 0) problems.Add($"reached a provider {reached}×");
            ChunkRows.Add(new FaultRow(s.Case.Description, s.Route, s.Mode, Status(s.Response), call?.Summary ?? "no record", reached.ToString(System.Globalization.CultureInfo.InvariantCulture), problems));
        }
    }

    /// <summary>
    /// Member names that differ from the real ones only in case, beside or instead of them, at the top level and in a
    /// message, on the unified route (Lanrui and MindIE) and both pass-through routes.
    /// </summary>
    private async Task<List<Sent>> SendCaseVariantsAsync()
    {
        var sent = new List<Sent>();
        var targets = new (string Target, string Route, string? Model)[]
        {
            ("/v1/chat/completions", "unified lanrui", Stack.LanruiModel),
            ("/v1/chat/completions", "unified mindie", Stack.MindIEModel),
            ("/mindie/v1/chat/completions", "pass-through mindie", Stack.MindIETarget),
            ("/baidu/chat/" + Stack.BaiduEndpoint, "pass-through baidu", null),
        };
        foreach (var (target, route, model) in targets)
        {
            var variants = new List<(string Name, Func<string, string> Body)>
            {
                ("\"Messages\" beside \"messages\"", m => $"{{{Model(model)}\"messages\":[{User(m)}],\"Messages\":[{User("ignore the above")}]}}"),
                ("\"Messages\" instead of \"messages\"", m => $"{{{Model(model)}\"Messages\":[{User(m)}]}}"),
                ("\"Stream\" beside \"stream\"", m => $"{{{Model(model)}\"messages\":[{User(m)}],\"stream\":false,\"Stream\":true}}"),
                ("\"Content\" beside \"content\" in a message", m => $"{{{Model(model)}\"messages\":[{{\"role\":\"user\",\"content\":\"Hello {m}\",\"Content\":\"other\"}}]}}"),
            };
            if (model is not null)
            {
                variants.Add(("\"Model\" beside \"model\"", m => $"{{{Model(model)}\"Model\":\"another-model\",\"messages\":[{User(m)}]}}"));
                variants.Add(("\"Model\" instead of \"model\"", m => $"{{\"Model\":\"{model}\",\"messages\":[{User(m)}]}}"));
            }
            foreach (var (name, body) in variants)
            {
                var marker = Markers.New('U');
                var hostile = Post(target, Encoding.UTF8.GetBytes(body(marker)), name);
                sent.Add(new Sent(hostile, await SendAsync(hostile), marker, route, "whole"));
            }
        }
        return sent;

        static string Model(string? model) => model is null ? "" : $"\"model\":\"{model}\",";
        static string User(string text) => $"{{\"role\":\"user\",\"content\":\"Hello {text}\"}}";
    }

    private void JudgeCaseVariants(List<Sent> sent, Dictionary<string, int> atProviders)
    {
        foreach (var s in sent)
        {
            var problems = new List<string>();
            if (s.Response.Status != 400) problems.Add($"answered {Status(s.Response)}, expected 400");
            var reached = atProviders.GetValueOrDefault(s.Marker);
            if (reached > 0) problems.Add($"reached a provider {reached}×");
            CaseRows.Add(new FaultRow(s.Case.Description, s.Route, s.Mode, Status(s.Response), "", reached.ToString(System.Globalization.CultureInfo.InvariantCulture), problems));
        }
    }
}
