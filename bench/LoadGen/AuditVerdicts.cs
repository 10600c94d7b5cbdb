using static Bench.LoadGen.Markdown;

namespace Bench.LoadGen;

/// <summary>
/// The audit trail's targets, checked against the run: closed-loop throughput with the audit on, the latency
/// it adds at 1,000 RPS, and how it refuses at 2,000 RPS. Each miss is explained from the run's own figures:
/// the store's capacity measured in the same run, the facade's audit write rate, operations per call and
/// per storage request.
/// </summary>
public static class AuditVerdicts
{
    /// <summary>The write budget the facade runs with (<c>Audit:WriteTimeout</c>, default).</summary>
    public const double WriteBudgetMs = 2_000;

    public static IEnumerable<TargetVerdict> From(RunData d)
    {
        if (!d.Present.Contains("facade-audit"))
        {
            yield return new TargetVerdict("Audit targets", $"not measured ({d.MetaOr("audit")})", null, "", "");
            yield break;
        }

        var capacity = d.StoreCapacity?.EntitiesPerSecond ?? double.NaN;
        var store = StoreWhy(d, capacity);

        // Closed loop.
        if (d.Wrk.TryGetValue("facade", out var off) && d.Wrk.TryGetValue("facade-audit", out var on))
        {
            var share = on.Rps / off.Rps;
            var met = share >= 0.08 && on.Rps >= 2_000 && on.Failed == 0;
            yield return new TargetVerdict("Closed loop, audit on ≥ 8 % of audit off and ≥ 2,000 RPS, zero failures",
                $"{Int(on.Rps)} vs {Int(off.Rps)} RPS = {Num(100 * share, 1)} % ({Int(on.Failed)} failed)", met,
                met ? $"{Num(share / 0.08)}× the share, {Int(on.Rps - 2_000)} RPS to spare" : $"{Num(100 * share, 1)} % of 8 %, {Int(Math.Max(0, 2_000 - on.Rps))} RPS short",
                met ? "" : $"With the audit on, every call waits for its record's transaction, so with 64 connections the rate is 64 ÷ the call's " +
                    $"latency (p50 {Num(on.P50Ms, 1)} ms against {Num(off.P50Ms, 1)} ms). {Cpu(d, on)} {store}");
        }

        // Open loop at 1,000 RPS.
        var plain1000 = d.Rate(1000, "facade");
        var audit1000 = d.Rate(1000, "facade-audit");
        if (plain1000 is not null && audit1000 is not null)
        {
            var added = audit1000.LatencyMs.P99 - plain1000.LatencyMs.P99;
            var met = audit1000.Failed == 0 && added <= 50;
            yield return new TargetVerdict("Open loop 1,000 RPS, audit on: zero failures, p99 ≤ 50 ms over the facade without audit",
                $"p99 {Signed(added, 3)} ms (p50 {Signed(audit1000.LatencyMs.P50 - plain1000.LatencyMs.P50, 3)}), {Int(audit1000.Failed)} failed of {Int(audit1000.Sent)}", met,
                met ? $"{Num(50 - added, 1)} ms to spare" : audit1000.Failed > 0 ? $"{Int(audit1000.Failed)} failed" : $"{Num(added - 50, 1)} ms over",
                met ? "" : $"At 1,000 RPS each call waits for the transaction its record rides in (up to the 2 ms linger plus one storage round trip). {store}");
        }

        // 2,000 RPS: refusals immediate, nobody waits the budget.
        if (d.Rate(2000, "facade-audit") is { } audit2000)
        {
            var refusedP99 = audit2000.RefusedLatencyMs?.P99 ?? double.NaN;
            var allWithRetryAfter = audit2000.RefusedWithRetryAfter == audit2000.Refused;
            var slowest = audit2000.SlowestAnswerMs;
            var met = slowest < WriteBudgetMs && allWithRetryAfter && (audit2000.Refused == 0 || refusedP99 <= 50);
            yield return new TargetVerdict("2,000 RPS, audit on: no call waits the write budget; refusals immediate 503 with Retry-After, refused p99 ≤ 50 ms",
                $"{Int(audit2000.Ok)} answered 200, {Int(audit2000.Refused)} refused ({Int(audit2000.RefusedWithRetryAfter)} with Retry-After), refused p99 {Num(refusedP99, 3)} ms, slowest answer {Num(slowest, 1)} ms", met,
                met ? (audit2000.Refused == 0 ? "none refused" : $"refused p99 {Num(50 - refusedP99, 1)} ms under 50 ms") : "see why",
                met ? "" : (slowest >= WriteBudgetMs ? $"An answer took {Num(slowest, 0)} ms, at or beyond the {Num(WriteBudgetMs, 0)} ms budget: calls admitted before the store fell behind waited for it. " : "") +
                    (allWithRetryAfter ? "" : $"{Int(audit2000.Refused - audit2000.RefusedWithRetryAfter)} refusals lacked Retry-After. ") +
                    (refusedP99 > 50 ? $"Refusals are decided without touching storage; a refused p99 of {Num(refusedP99, 1)} ms is time spent waiting for a core on this machine. " : "") + store);
        }
    }

    /// <summary>Where the 2 cores went during the audited closed loop: the facade, Azurite, and what was left.</summary>
    private static string Cpu(RunData d, WrkSummary on)
    {
        var azurite = d.AuditDelta("wrk")?.AzuriteCpuSeconds ?? double.NaN;
        var seconds = on.Run.WallSeconds;
        var cores = double.TryParse(d.MetaOr("nproc"), out var n) ? n : 2;
        return $"During it the facade used {Num(on.Cores)} cores ({Num(on.CpuMsPerRequest, 3)} ms CPU per call, audit off {Num(d.Wrk["facade"].CpuMsPerRequest, 3)} ms) " +
            $"and Azurite {Num(azurite / seconds)} cores ({Num(1000 * azurite / on.Requests, 3)} ms per call); wrk, the upstream and whatever else ran on the " +
            $"machine (1-minute load average {d.MetaOr("load_average_start").Split(' ')[0]} at the start) had the rest of its {Num(cores, 0)} cores.";
    }

    /// <summary>What the store's figures say about a miss.</summary>
    private static string StoreWhy(RunData d, double capacity)
    {
        var wrk = d.AuditDelta("wrk");
        var wrkSeconds = d.Wrk.GetValueOrDefault("facade-audit")?.Run.WallSeconds ?? double.NaN;
        var rate = wrk is null ? double.NaN : wrk.Operations / wrkSeconds;
        var perCall = wrk?.OperationsPerCall ?? double.NaN;
        return $"The store itself took {Int(capacity)} entities/s in transactions of 100 in this run; during the closed loop the facade wrote " +
            $"{Int(rate)} operations/s ({Num(100 * rate / capacity, 0)} % of that) at {Num(perCall, 2)} operations per call and {Num(wrk?.OperationsPerRequest ?? double.NaN, 1)} " +
            $"per storage request: at that capacity the store alone would take about {Int(capacity / perCall)} calls/s, on a machine where Azurite, " +
            "the facade, the load generator and the upstream share the same 2 cores.";
    }
}
