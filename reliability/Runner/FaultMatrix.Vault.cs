using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Reliability.Runner;

public sealed partial class FaultMatrix
{
    private const string VaultTable = "RelVault";

    /// <summary>
    /// A facade reading its provider keys from the Key Vault stand-in: warmed, then the vault goes down (calls must go
    /// on with the cached keys); a cold facade started while it is down (503 <c>secrets_unavailable</c>, readiness 503);
    /// the vault back (the cold facade recovers).
    /// </summary>
    private async Task RunVaultAsync(EmulatorControl control)
    {
        Console.WriteLine("  faults: Key Vault down");
        var results = new List<(string Fault, ChatResult Result, int[] Statuses, string? Outcome)>();
        var readiness = new List<(string Fault, string Seen, bool Pass)>();
        await using (var warm = await stack.StartFacadeAsync("vault", VaultTable, vault: true))
        {
            using var client = new ChatClient(warm.BaseUri, canaries.CallerKey, archive);
            foreach (var route in ChatRoutes.All)
                results.Add(("Key Vault up (warming the cache)", await client.CallAsync(new ChatSpec(route, false, Markers.New('F'))), [200], "completed"));
            await control.VaultModeAsync("down");
            foreach (var route in ChatRoutes.All)
                foreach (var stream in new[] { false, true })
                    results.Add(("Key Vault down, keys cached", await client.CallAsync(new ChatSpec(route, stream, Markers.New('F'))), [200], "completed"));
            readiness.Add(await ReadyAsync(warm, "Key Vault down, keys cached: GET /health/ready", 200));
            await using var cold = await stack.StartFacadeAsync("vault-cold", VaultTable, vault: true);
            using var coldClient = new ChatClient(cold.BaseUri, canaries.CallerKey, archive);
            foreach (var route in ChatRoutes.All)
                results.Add(("Key Vault down, cold start", await coldClient.CallAsync(new ChatSpec(route, false, Markers.New('F'))), [503], null));
            readiness.Add(await ReadyAsync(cold, "Key Vault down, cold start: GET /health/ready", 503));
            await control.VaultModeAsync("ok");
            await Task.Delay(TimeSpan.FromSeconds(3));
            foreach (var route in ChatRoutes.All)
                results.Add(("Key Vault back, cold facade", await coldClient.CallAsync(new ChatSpec(route, false, Markers.New('F'))), [200], "completed"));
            readiness.Add(await ReadyAsync(cold, "Key Vault back: GET /health/ready", 200));
        }
        var audit = await AuditScan.SettleAsync(stack.StorageConnection, VaultTable, results.Where(r => r.Result.RequestId is not null).Select(r => r.Result.RequestId!), TimeSpan.FromSeconds(60));
        var provider = await control.RequestsByMarkerAsync();
        foreach (var (fault, result, statuses, outcome) in results)
        {
            var problems = FaultCheck.Problems(result, audit.For(result), statuses, outcome, false);
            if (result.Status == 503 && result.ErrorCode != "secrets_unavailable") problems.Add($"503 code {result.ErrorCode}, expected secrets_unavailable");
            VaultRows.Add(Row(fault, result, audit, provider, problems));
        }
        foreach (var (fault, seen, pass) in readiness)
            VaultRows.Add(new FaultRow(fault, "-", "-", seen, "-", "-", pass ? [] : [fault.Contains("cached", StringComparison.Ordinal) ? "not ready although every key is cached (docs/secrets.md: Degraded stays ready)" : "unexpected readiness"]));
    }

    private static async Task<(string, string, bool)> ReadyAsync(Facade facade, string fault, int expected)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.GetAsync(new Uri(facade.BaseUri, "health/ready"));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var state = body?["secrets"]?["state"]?.ToString();
        var error = body?["secrets"]?["lastError"]?.ToString();
        return (fault, $"{(int)response.StatusCode} {state}" + (error is null ? "" : $" ({error})"), (int)response.StatusCode == expected);
    }
}
