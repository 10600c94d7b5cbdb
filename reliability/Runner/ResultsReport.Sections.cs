using System.Text;

namespace Reliability.Runner;

public sealed partial class ResultsReport
{
    private void RenderFuzz(StringBuilder md)
    {
        if (Fuzz is not { } fuzz) return;
        md.AppendLine("## Fuzzer").AppendLine();
        md.AppendLine($"{fuzz.Exchanges.Count:N0} hostile requests from `{fuzz.Generator}` ({fuzz.Exchanges.Count(e => e.Case.Tags.HasFlag(Reliability.Hostile.HostileTags.KnownProbe))} fixed probes first), each on its own connection, {options.FuzzConcurrency} at a time (slow and unfinished ones beside them). " +
            "A case is rebuilt from the seed and its number; a reproducer file holds its exact bytes (`nc 127.0.0.1 PORT < file`; the `Authorization` key in it is this run's canary, so configure a caller with that key or replace it).").AppendLine();
        md.AppendLine("Cases by kind: " + string.Join(", ", fuzz.Exchanges.GroupBy(e => e.Case.Category).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}")) + ".").AppendLine();
        var statuses = fuzz.Exchanges.Select(e => StatusColumn(e)).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        md.AppendLine("Answers by route (the route the case aimed at, before any path or method mutation) and status. A status marked `k` came from Kestrel itself, before the app (no `x-request-id`): malformed HTTP the app never sees.").AppendLine();
        md.AppendLine("| Route | " + string.Join(" | ", statuses) + " | total |");
        md.AppendLine("|---|" + string.Concat(statuses.Select(_ => "---:|")) + "---:|");
        foreach (var route in fuzz.Exchanges.GroupBy(e => e.Case.Route).OrderBy(g => g.Key, StringComparer.Ordinal))
            md.AppendLine($"| `{route.Key}` | " + string.Join(" | ", statuses.Select(s => route.Count(e => StatusColumn(e) == s) is var n && n > 0 ? n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "")) + $" | {route.Count():N0} |");
        md.AppendLine();
        md.AppendLine($"Facade 5xx: **{FacadeFiveXx:N0}** ({fuzz.UnauditedFiveHundreds:N0} of them without any audit record); 5xx a pass-through passed on from a provider that failed on the forwarded body (no fault was injected here): {fuzz.Findings.Where(f => f.Kind.StartsWith("provider's 5xx", StringComparison.Ordinal)).Sum(f => f.Count):N0}. 2xx chat answers with one complete audit record: {fuzz.AuditedOk:N0}; without: {fuzz.AuditMissing:N0}.").AppendLine();
        md.AppendLine("### Findings").AppendLine();
        if (fuzz.Findings.Count == 0) md.AppendLine("None.").AppendLine();
        var number = 0;
        foreach (var finding in fuzz.Findings)
        {
            number++;
            md.AppendLine($"{number}. **{finding.Kind}** on `{finding.Route}` — {Cell(finding.Signature)} — {finding.Count:N0}×");
            foreach (var example in finding.Examples) md.AppendLine($"   - {Cell(example)}");
            if (finding.LogLine is { } line) md.AppendLine($"   - log: `{Cell(line.Length > 300 ? line[..300] + "…" : line)}`");
            if (finding.Reproducers.Count > 0) md.AppendLine("   - reproducers: " + string.Join(", ", finding.Reproducers.Select(f => $"[`{f}`](findings/{f})")));
        }
        md.AppendLine();
    }

    private static string StatusColumn(FuzzPhase.Exchange exchange) => exchange.Response.Status is { } status
        ? status + (exchange.RequestId is null ? "k" : "")
        : exchange.Response.SenderGaveUp ? "none (sender gave up)" : "none: " + exchange.Response.Failure;

    private void RenderFaults(StringBuilder md)
    {
        if (Faults is not { } faults) return;
        md.AppendLine("## Fault matrix").AppendLine();
        md.AppendLine($"Each fault injected through the emulators (a directive in the prompt, or a switch for Baidu's tokens) on every route and mode it applies to. The facade's provider time limits are {Stack.UpstreamTimeout.TotalSeconds:F0} s here. " +
            "A row passes when the client got an allowed status (never the facade's own 500), a 200 stream ended with its end or the route's error form and a clean close, and the audit holds exactly one record whose outcome and status agree with what the client saw (and match the expected outcome where one is given). Provider = requests the emulator recorded for the call.").AppendLine();
        Table(md, faults.Rows);
        md.AppendLine("### Audit store outages").AppendLine();
        md.AppendLine("The audit store made unreachable (a TCP relay in front of Azurite refuses new connections and resets open ones; Azurite keeps running, so no acknowledged write is lost) while one stream and one whole answer per route are in flight and end during the outage; while it is down, one call per route and mode is sent (it must be refused with 503 `audit_unavailable` before anything goes upstream); then the relay is opened again and the audit read until every call has an outcome (45 s at most).").AppendLine();
        Table(md, faults.OutageRows);
        md.AppendLine("### Key Vault down").AppendLine();
        md.AppendLine("A facade with `Secrets:VaultUri` on the Key Vault stand-in (the real `SecretClient` and `DefaultAzureCredential` through a managed identity endpoint), `Secrets:OutageRetryInterval` 2 s.").AppendLine();
        Table(md, faults.VaultRows);
    }

    private static void Table(StringBuilder md, IEnumerable<FaultRow> rows)
    {
        md.AppendLine("| Fault | Route | Mode | Client saw | Audit | Provider | Result |").AppendLine("|---|---|---|---|---|---:|---|");
        foreach (var row in rows)
            md.AppendLine($"| {Cell(row.Fault)} | {row.Route} | {row.Mode} | {Cell(row.Client)} | {Cell(row.Audit)} | {row.Provider} | {(row.Pass ? "pass" : "**FAIL**: " + Cell(string.Join("; ", row.Problems)))} |");
        md.AppendLine();
    }

    private void RenderStorm(StringBuilder md)
    {
        if (Storm is not { } storm) return;
        md.AppendLine("## Disconnect storm").AppendLine();
        md.AppendLine($"{storm.Calls} calls (all routes; 90% streams of 30 events 60 ms apart, 10% whole answers held 1.2 s before their first byte), 20 at a time, each client dropping its connection 5–2,400 ms after sending. **{(storm.Pass ? "pass" : "FAIL")}**.").AppendLine();
        md.AppendLine("| Calls | Reached a provider | Never reached the facade's handler | client_aborted | completed | other outcome | lost (no record or no outcome) | duplicated | facade 5xx |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine($"| {storm.Calls} | {storm.ReachedProvider} | {storm.NeverReached} | {storm.ClientAborted} | {storm.Completed} | {storm.OtherOutcome} | {storm.Lost} | {storm.Duplicates} | {storm.FacadeErrors} |").AppendLine();
        foreach (var problem in storm.ProblemsBySeverity.Take(20)) md.AppendLine($"- {Cell(problem)}");
        if (storm.Problems.Count > 20) md.AppendLine($"- … and {storm.Problems.Count - 20} more");
        md.AppendLine();
    }

    private void RenderSoak(StringBuilder md)
    {
        if (Soak is not { } soak) return;
        md.AppendLine("## Soak").AppendLine();
        md.AppendLine($"{soak.Duration.TotalSeconds:F0} s of mixed load from {options.SoakConcurrency} closed-loop clients: all routes, 60% streams, 10% with an upstream fault (500, 429, 503, reset, error event, missing end), 5% clients that drop mid-stream. Events: {string.Join("; ", soak.Events)}. " +
            $"Rate: {soak.Sent / Math.Max(1, soak.Duration.TotalSeconds):F1} calls/s. Client views: {string.Join(", ", soak.ByView.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value:N0}"))}. **{(soak.Pass ? "pass" : "FAIL")}**.").AppendLine();
        md.AppendLine("| Reconciliation | Count |").AppendLine("|---|---:|");
        md.AppendLine($"| Calls sent | {soak.Sent:N0} |");
        md.AppendLine($"| Provider requests (recorded at the emulators, by the call's marker) | {soak.ProviderRequests:N0} |");
        md.AppendLine($"| Calls refused before upstream (503 `audit_unavailable`) | {soak.Refused:N0} |");
        md.AppendLine($"| Calls that reached no provider and got no answer (client dropped first) | {soak.NoRecordNeverReached:N0} |");
        md.AppendLine($"| Refused calls counted in rejection summary rows (beyond `Audit:RejectionRecordsPerSecond`, by design) | {soak.CountedInSummaries:N0} |");
        md.AppendLine($"| Complete records (exactly one, with an outcome) | {soak.CompleteRecords:N0} |");
        md.AppendLine($"| Duplicated records | {soak.Duplicates:N0} |");
        md.AppendLine($"| Lost outcomes (no record, or a record without outcome) | {soak.LostOutcomes:N0} |");
        md.AppendLine($"| Calls sent to a provider more than once | {soak.CallsAtProviderTwice:N0} |");
        md.AppendLine($"| Records whose outcome or status disagrees with the client | {soak.Mismatched:N0} |");
        md.AppendLine($"| Facade 500s / broken connections seen by clients | {soak.FacadeFiveHundreds:N0} / {soak.Broken:N0} |").AppendLine();
        md.AppendLine($"Calls sent ({soak.Sent:N0}) = calls at a provider ({soak.CallsAtProvider:N0}) + refused ({soak.Refused:N0}) + other calls that reached none ({soak.Sent - soak.CallsAtProvider - soak.Refused:N0}: upstream faults before the provider recorded them, drops); complete records + never reached + counted in summaries = {soak.CompleteRecords + soak.NoRecordNeverReached + soak.CountedInSummaries:N0}.").AppendLine();
        foreach (var problem in soak.ProblemsBySeverity.Take(25)) md.AppendLine($"- {Cell(problem)}");
        if (soak.Problems.Count > 25) md.AppendLine($"- … and {soak.Problems.Count - 25} more");
        md.AppendLine();
    }

    private void RenderCanaries(StringBuilder md)
    {
        if (Canaries is not { } search) return;
        md.AppendLine("## Canary search").AppendLine();
        md.AppendLine($"{search.CanaryCount} canaries (provider keys, caller keys, a wrong key callers sent, every Baidu access_token the emulator issued, the Key Vault stand-in's bearer token prefix) searched in:").AppendLine();
        foreach (var searched in search.Searched) md.AppendLine($"- {searched}");
        md.AppendLine($"- metrics: {Soak?.MetricsNote ?? "not read (no soak in this run)"}").AppendLine();
        if (search.Hits.Count == 0) md.AppendLine("No canary found anywhere: **pass**.").AppendLine();
        else
        {
            md.AppendLine("| Canary | Found in | Times |").AppendLine("|---|---|---:|");
            foreach (var hit in search.Hits) md.AppendLine($"| {hit.Canary} | {Cell(hit.Where)} | {hit.Count} |");
            md.AppendLine();
        }
    }
}
