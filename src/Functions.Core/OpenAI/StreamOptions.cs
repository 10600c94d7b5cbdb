using System.Text.Json.Serialization;

namespace Functions.Core.OpenAI;

/// <summary><c>stream_options</c>: whether a final <c>choices: []</c> usage chunk is wanted.</summary>
public sealed class StreamOptions
{
    [JsonPropertyName("include_usage")] public bool? IncludeUsage { get; set; }
}
