using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Functions.Tests.TestInfrastructure;

/// <summary>Raw HTTP helpers for what the OpenAI client hides: status, headers, exact stream bytes.</summary>
public static class FacadeHttp
{
    public static Task<HttpResponseMessage> PostChatAsync(this HttpClient http, string json, HttpCompletionOption option = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        return http.SendAsync(request, option, cancellationToken);
    }

    public static string ChatJson(string model, string content, bool stream = false, bool includeUsage = false) =>
        new JsonObject
        {
            ["model"] = model,
            ["stream"] = stream,
            ["stream_options"] = stream && includeUsage ? new JsonObject { ["include_usage"] = true } : null,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }),
        }.ToJsonString();

    /// <summary>The <c>data:</c> payloads of an SSE body, in order.</summary>
    public static List<string> DataEvents(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.StartsWith("data: ", StringComparison.Ordinal))
            .Select(e => e["data: ".Length..])
            .ToList();

    /// <summary>The error envelope of a response body.</summary>
    public static async Task<JsonObject> ErrorAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(body) as JsonObject ?? throw new Xunit.Sdk.XunitException("Not a JSON object: " + body);
        return json["error"] as JsonObject ?? throw new Xunit.Sdk.XunitException("No error envelope: " + body);
    }

    public static HttpClient WithoutKey(Uri address) => new() { BaseAddress = address };

    public static HttpClient WithHeader(Uri address, string name, string value)
    {
        var http = new HttpClient { BaseAddress = address };
        if (name == "Authorization") http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(value);
        else http.DefaultRequestHeaders.Add(name, value);
        return http;
    }
}
