using System.Diagnostics;

namespace Reliability.Runner;

public sealed partial class FaultMatrix
{
    /// <summary>
    /// Azurite stopped while calls are in flight (streams and whole answers that end during the outage), and new calls
    /// sent while it is down (they must be refused with 503 and reach no provider); started again, the audit must hold
    /// one complete record for every call. Once briefly, once longer than the facade's completion retry budget.
    /// </summary>
    private async Task RunOutagesAsync(Facade facade, ChatClient client, EmulatorControl control)
    {
        foreach (var (label, seconds) in new[] { ("audit store down briefly", options.BriefOutageSeconds), ("audit store down for minutes", options.LongOutageSeconds) })
        {
            Console.WriteLine($"  faults: {label} ({seconds} s)");
            var fault = $"{label} ({seconds} s)";
            var inFlight = new List<Task<ChatResult>>();
            foreach (var route in ChatRoutes.All)
            {
                inFlight.Add(client.CallAsync(new ChatSpec(route, true, Markers.New('F'), "events=4 delay=500") { Deadline = TimeSpan.FromSeconds(seconds + 60) }));
                inFlight.Add(client.CallAsync(new ChatSpec(route, false, Markers.New('F'), "first-byte-delay=1500") { Deadline = TimeSpan.FromSeconds(seconds + 60) }));
            }
            await Task.Delay(700);
            var down = Stopwatch.StartNew();
            await stack.StorageDownAsync();
            await Task.Delay(500);
            var refused = (await Task.WhenAll(ChatRoutes.All.SelectMany(route => new[] { false, true }.Select(stream =>
                client.CallAsync(new ChatSpec(route, stream, Markers.New('F')) { Deadline = TimeSpan.FromSeconds(30) }))))).ToList();
            var rest = TimeSpan.FromSeconds(seconds) - down.Elapsed;
            if (rest > TimeSpan.Zero) await Task.Delay(rest);
            stack.StorageUp();
            var outageTook = down.Elapsed;
            var flown = await Task.WhenAll(inFlight);
            var ids = flown.Concat(refused).Where(r => r.RequestId is not null).Select(r => r.RequestId!);
            var audit = await AuditScan.SettleAsync(stack.StorageConnection, Table, ids, TimeSpan.FromSeconds(45));
            var provider = await control.RequestsByMarkerAsync();
            var actual = $"{fault}, measured {outageTook.TotalSeconds:F0} s";
            foreach (var result in flown)
                OutageRows.Add(Row(actual + ": in flight", result, audit, provider, FaultCheck.Problems(result, audit.For(result), [200], "completed", false)));
            foreach (var result in refused)
            {
                var problems = FaultCheck.Problems(result, audit.For(result), [503], "rejected", false);
                if (provider.GetValueOrDefault(result.Spec.Marker) > 0) problems.Add("the provider received the call");
                if (result.Status == 503 && result.ErrorCode != "audit_unavailable") problems.Add($"503 code {result.ErrorCode}, expected audit_unavailable");
                OutageRows.Add(Row(actual + ": sent while down", result, audit, provider, problems));
            }
        }
    }
}
