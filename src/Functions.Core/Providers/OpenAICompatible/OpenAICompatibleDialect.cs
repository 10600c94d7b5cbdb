namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>
/// How an OpenAI-shaped upstream's request differs from OpenAI's own, for <see cref="ToOpenAICompatibleRequest"/>:
/// which optional fields it takes and how it wants its messages. The defaults send everything as received.
/// </summary>
public sealed record OpenAICompatibleDialect
{
    /// <summary>Streams ask for <c>stream_options.include_usage</c>, so the audit gets usage.</summary>
    public bool AsksStreamUsage { get; init; } = true;

    /// <summary><c>"stream": false</c> is written too (some servers default to streaming).</summary>
    public bool WritesStreamFalse { get; init; }

    /// <summary>The upstream takes <c>user</c> and <c>parallel_tool_calls</c>.</summary>
    public bool TakesUserAndParallelToolCalls { get; init; } = true;

    /// <summary>Which of the caller's extra top-level fields go out (all when null).</summary>
    public Func<string, bool>? ForwardsExtra { get; init; }

    /// <summary>Writes the <c>messages</c> value; null writes them as received.</summary>
    public Action<Utf8JsonWriter, List<ChatMessage>>? WriteMessages { get; init; }
}
