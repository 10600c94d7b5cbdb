using System.Text.Json.Serialization;

namespace Functions.Core.OpenAI;

/// <summary>
/// <c>POST /v1/chat/completions</c> as received (OpenAI wire format). Fields the facade does not know
/// land in <see cref="Extra"/>: provider-only parameters (Baidu's <c>penalty_score</c>, MindIE's
/// <c>top_k</c>) that each provider accepts, validates and forwards, or rejects.
/// </summary>
public sealed class ChatCompletionRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("messages")] public List<ChatMessage>? Messages { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }

    [JsonPropertyName("stop"), JsonConverter(typeof(StopSequencesConverter))]
    public List<string>? Stop { get; set; }

    [JsonPropertyName("presence_penalty")] public double? PresencePenalty { get; set; }
    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenalty { get; set; }
    [JsonPropertyName("n")] public int? N { get; set; }
    [JsonPropertyName("seed")] public long? Seed { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("tools")] public List<ToolDefinition>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }
    [JsonPropertyName("response_format"), JsonConverter(typeof(ResponseFormatConverter))]
    public ResponseFormat? ResponseFormat { get; set; }
    [JsonPropertyName("logprobs")] public bool? Logprobs { get; set; }
    [JsonPropertyName("top_logprobs")] public int? TopLogprobs { get; set; }

    /// <summary>Top-level fields not modelled above, in request order.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The output token limit whichever name carried it (<c>max_completion_tokens</c> wins).</summary>
    [JsonIgnore] public int? OutputTokenLimit => MaxCompletionTokens ?? MaxTokens;

    /// <summary>The name of the field that carried <see cref="OutputTokenLimit"/>, for error messages.</summary>
    [JsonIgnore] public string OutputTokenLimitName => MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens";

    [JsonIgnore] public bool IsStream => Stream == true;

    [JsonIgnore] public bool IncludeUsage => StreamOptions?.IncludeUsage == true;
}
