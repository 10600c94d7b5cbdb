using System.Text;
using static Bench.LoadGen.Markdown;

namespace Bench.LoadGen;

public static partial class ResultsReport
{
    private static void Audit(StringBuilder md, RunData d)
    {
        md.AppendLine("## Audit on (Azurite) versus off").AppendLine();
        if (!d.Present.Contains("facade-audit"))
        {
            md.AppendLine($"Not in this run ({d.MetaOr("audit")}). When Azurite is installed (`npm ci` at the repository's root), `bench/run.sh` " +
                "runs a second facade with the audit on, and every table above gains a \"facade, audit on\" row.").AppendLine();
            return;
        }

        md.AppendLine("The rows marked \"facade, audit on\" in the tables above; the audit store's cost is the difference to the facade's row. " +
            "Store figures come from the audited facade's `/health` (`audit` object) read before and after a load, and from " +
            "`BenchLoadGen store-capacity` against the same kind of Azurite. Every audited load (and the capacity measurement) starts " +
            "against a fresh Azurite and a freshly started facade warmed at 200 RPS: Azurite keeps its tables in memory and slows down " +
            "as they fill (it finds an entity by scanning its partition), while the service's cost per entity does not depend on " +
            "how many rows a table holds.").AppendLine();
        var rows = new List<string[]>();
        if (d.StoreCapacity is { } c)
            rows.Add(["Store capacity: entities/s in transactions of " + c.Batch + $" ({c.InFlight} in flight, Azure.Data.Tables)", Int(c.EntitiesPerSecond),
                $"transaction p50 {Num(c.TransactionMs.P50, 1)} ms, p99 {Num(c.TransactionMs.P99, 1)} ms, {Int(c.Failed)} failed"]);
        foreach (var (phase, label, seconds) in new[]
        {
            ("wrk", "closed loop (wrk)", d.Wrk.GetValueOrDefault("facade-audit")?.Run.WallSeconds ?? double.NaN),
            ("rate2000", "open loop, 2,000 RPS", d.Rate(2000, "facade-audit")?.DurationSeconds ?? double.NaN),
        })
        {
            if (d.AuditDelta(phase) is not { } a) continue;
            var rate = a.Operations / seconds;
            rows.Add([$"Audit write rate, {label}: operations/s", Int(rate),
                $"{Num(100 * rate / (d.StoreCapacity?.EntitiesPerSecond ?? double.NaN), 0)} % of the store's capacity; {Int(a.Begun)} calls begun, {Int(a.Refused)} refused, {Int(a.BeginFailures)} failed"]);
            rows.Add([$"Azurite's CPU, {label}: cores", Num(a.AzuriteCpuSeconds / seconds),
                $"{Num(1000 * a.AzuriteCpuSeconds / a.Operations, 3)} ms per operation, {Num(1000 * a.AzuriteCpuSeconds / a.Begun, 3)} ms per call"]);
            rows.Add([$"Operations per storage request, {label}", Num(a.OperationsPerRequest, 1),
                $"{Int(a.Operations)} operations in {Int(a.Requests)} requests ({Int(a.FailedRequests)} failed); {Num(a.OperationsPerCall, 2)} operations per call; largest transaction {Int(a.LargestTransaction)}"]);
        }

        if (d.Rate(2000, "facade-audit") is { } r)
            rows.Add(["Refused calls at 2,000 RPS", Int(r.Refused),
                $"{Int(r.RefusedWithRetryAfter)} with Retry-After; latency p50 {Num(r.RefusedLatencyMs?.P50 ?? double.NaN, 3)} ms, p99 {Num(r.RefusedLatencyMs?.P99 ?? double.NaN, 3)} ms; slowest answer of any status {Num(r.SlowestAnswerMs, 1)} ms"]);
        Table(md, ["Measure", "Value", "Detail"], rows);
    }
}
