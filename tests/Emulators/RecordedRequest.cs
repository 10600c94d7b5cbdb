using System.Text.Json.Nodes;

namespace Emulators;

/// <summary>A request an emulator received: path (query included), headers and body.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            try { return JsonNode.Parse(Body); }
            catch (System.Text.Json.JsonException) { return null; }
        }
    }

    public static async Task<RecordedRequest> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(request.Method, request.Path + request.QueryString, headers, body);
    }
}
