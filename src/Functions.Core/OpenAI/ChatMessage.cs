using System.Text.Json.Serialization;

namespace Functions.Core.OpenAI;

/// <summary>
/// One message of the conversation. <see cref="Content"/> stays raw JSON: a string, an array of parts
/// (<c>text</c>, <c>image_url</c>, …) that some providers pass through, or null beside tool calls.
/// </summary>
public sealed class ChatMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("tool_calls")] public List<ToolCall>? ToolCalls { get; set; }
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>True when content is absent or JSON null.</summary>
    [JsonIgnore]
    public bool HasNoContent => Content is null || Content.Value.ValueKind == JsonValueKind.Null;

    /// <summary>
    /// The text of the message: the string, or the <c>text</c> parts joined; <c>null</c> when a
    /// non-text part is present (the caller decides whether its provider can take parts).
    /// </summary>
    public string? GetText()
    {
        if (HasNoContent) return "";
        var content = Content!.Value;
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return null;
        var text = new System.Text.StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (!part.TryGetProperty("type", out var type) || type.ValueEquals("text") is false) return null;
            if (part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String) text.Append(value.GetString());
        }
        return text.ToString();
    }
}
