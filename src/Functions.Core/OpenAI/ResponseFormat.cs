using System.Text.Json.Serialization;

namespace Functions.Core.OpenAI;

/// <summary><c>response_format</c>: <c>text</c>, <c>json_object</c> or <c>json_schema</c>.</summary>
public sealed class ResponseFormat
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("json_schema")] public JsonElement? JsonSchema { get; set; }
}
