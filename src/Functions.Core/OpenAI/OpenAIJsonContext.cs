using System.Text.Json.Serialization;

namespace Functions.Core.OpenAI;

/// <summary>Source-generated System.Text.Json metadata for the OpenAI wire format the facade exposes.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(List<ChatMessage>))]
[JsonSerializable(typeof(List<ToolDefinition>))]
[JsonSerializable(typeof(ToolCall))]
public sealed partial class OpenAIJsonContext : JsonSerializerContext;
