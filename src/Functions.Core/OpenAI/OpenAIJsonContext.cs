using System.Text.Json.Serialization;

namespace Functions.Core.OpenAI;

/// <summary>Source-generated System.Text.Json metadata for the OpenAI wire format the facade exposes.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    // One reading of a body: a duplicated name (at any depth) could be read one way by the audit, another by a provider.
    AllowDuplicateProperties = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(List<ChatMessage>))]
[JsonSerializable(typeof(List<ToolDefinition>))]
[JsonSerializable(typeof(ToolCall))]
public sealed partial class OpenAIJsonContext : JsonSerializerContext;
