using System.Text.Json.Serialization;

namespace Functions.Core.OpenAI;

/// <summary>A tool the model may call: <c>{"type":"function","function":{name, description, parameters, strict}}</c>.</summary>
public sealed class ToolDefinition
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public FunctionDefinition? Function { get; set; }
}

/// <summary>The function of a <see cref="ToolDefinition"/>.</summary>
public sealed class FunctionDefinition
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parameters")] public JsonElement? Parameters { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
}
