using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Reliability.Runner;

/// <summary>The emulators' control surface (<c>/_emulator/</c>): received requests, counts, Baidu token and Key Vault switches.</summary>
public sealed class EmulatorControl(Stack stack) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<JsonObject> CountAsync(string provider) =>
        (await _http.GetFromJsonAsync<JsonObject>(new Uri(stack.EmulatorUri(provider), "_emulator/count")))!;

    /// <summary>How many chat requests each marker reached, over all providers.</summary>
    public async Task<Dictionary<string, int>> RequestsByMarkerAsync()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var provider in new[] { "lanrui", "baidu", "mindie" })
        {
            var page = (await _http.GetFromJsonAsync<JsonObject>(new Uri(stack.EmulatorUri(provider), "_emulator/requests?after=0")))!;
            foreach (var request in page["requests"]!.AsArray())
            {
                var body = request!["body"]!.GetValue<string>();
                foreach (var marker in Markers.Marker().Matches(body).Select(m => m.Value).Distinct())
                    counts[marker] = counts.GetValueOrDefault(marker) + 1;
            }
        }
        return counts;
    }

    /// <summary>Every chat request body each provider received, in order.</summary>
    public async Task<List<(string Provider, string Body)>> BodiesAsync()
    {
        var bodies = new List<(string, string)>();
        foreach (var provider in new[] { "lanrui", "baidu", "mindie" })
        {
            var page = (await _http.GetFromJsonAsync<JsonObject>(new Uri(stack.EmulatorUri(provider), "_emulator/requests?after=0")))!;
            bodies.AddRange(page["requests"]!.AsArray().Select(r => (provider, r!["body"]!.GetValue<string>())));
        }
        return bodies;
    }

    /// <summary>The raw bodies the providers received that contain <paramref name="text"/>.</summary>
    public async Task<List<string>> BodiesContainingAsync(string provider, string text)
    {
        var page = (await _http.GetFromJsonAsync<JsonObject>(new Uri(stack.EmulatorUri(provider), "_emulator/requests?after=0")))!;
        return [.. page["requests"]!.AsArray().Select(r => r!["body"]!.GetValue<string>()).Where(b => b.Contains(text, StringComparison.Ordinal))];
    }

    public Task BaiduAsync(string action, string? query = null) => PostAsync(stack.EmulatorUri("baidu"), "_emulator/baidu/" + action + (query is null ? "" : "?" + query));

    public Task VaultModeAsync(string mode) => PostAsync(stack.EmulatorUri("identity"), "_emulator/keyvault/mode?value=" + mode);

    public async Task<IReadOnlyList<string>> BaiduTokensAsync() =>
        [.. (await CountAsync("baidu"))["issuedTokens"]!.AsArray().Select(t => t!.GetValue<string>())];

    private async Task PostAsync(Uri root, string path)
    {
        using var response = await _http.PostAsync(new Uri(root, path), null);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
