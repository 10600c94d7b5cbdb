using System.Text.Json.Serialization;

namespace Functions.Core.OpenAI;

/// <summary>A tool call in an assistant message: <c>{"id","type":"function","function":{name, arguments}}</c>.</summary>
public sealed class ToolCall
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public FunctionCall? Function { get; set; }
}

/// <summary>The called function's name and its JSON-encoded arguments.</summary>
public sealed class FunctionCall
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}
