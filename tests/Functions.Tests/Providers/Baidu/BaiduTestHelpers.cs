using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Emulators.Baidu;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.Baidu;

/// <summary>Small helpers shared by the Baidu tests.</summary>
internal static class BaiduTestHelpers
{
    /// <summary>Neither an access token the emulator issued nor the facade's Baidu keys appear in <paramref name="text"/>.</summary>
    public static void AssertNoSecrets(BaiduEmulator emulator, string text)
    {
        foreach (var token in emulator.IssuedTokens) Assert.DoesNotContain(token, text);
        Assert.DoesNotContain("access_token=", text);
        Assert.DoesNotContain(BaiduEmulator.DefaultSecretKey, text);
        Assert.DoesNotContain(BaiduEmulator.DefaultApiKey, text);
    }

    /// <summary>A streamed chat through the facade with raw HTTP: response, its <c>data:</c> payloads and body.</summary>
    public static async Task<(HttpResponseMessage Response, List<string> Events, string Body)> StreamRawAsync(BaiduEnvironment env, string content = "Hi", bool includeUsage = false)
    {
        var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, content, stream: true, includeUsage: includeUsage));
        var body = await response.Content.ReadAsStringAsync();
        return (response, FacadeHttp.DataEvents(body), body);
    }

    /// <summary>The <c>baidu</c> object of a response body or of the last chunk that has one.</summary>
    public static JsonObject BaiduObject(IEnumerable<string> jsons) =>
        jsons.Select(j => j == "[DONE]" ? null : JsonNode.Parse(j)?["baidu"] as JsonObject).LastOrDefault(o => o is not null)
        ?? throw new Xunit.Sdk.XunitException("No 'baidu' object found.");

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"No '{name}' header.");

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return http.SendAsync(request, cancellationToken);
    }
}
