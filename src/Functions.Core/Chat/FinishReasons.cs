namespace Functions.Core.Chat;

/// <summary>
/// The only <c>finish_reason</c> values a client ever sees: the OpenAI SDKs treat it as a closed enum and
/// the .NET client throws on anything else (docs/protocols/openai-clients.md §5).
/// </summary>
public static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ToolCalls = "tool_calls";
    public const string ContentFilter = "content_filter";

    /// <summary>Maps an OpenAI-style value; unknown values become <c>stop</c>.</summary>
    public static string FromOpenAI(string? raw) => raw switch
    {
        Length => Length,
        ToolCalls or "function_call" => ToolCalls,
        ContentFilter => ContentFilter,
        _ => Stop,
    };
}
