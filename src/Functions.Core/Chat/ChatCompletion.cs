namespace Functions.Core.Chat;

/// <summary>A whole (non-stream) answer, provider-neutral; written as one OpenAI <c>chat.completion</c>.</summary>
public sealed class ChatCompletion
{
    public string? Content { get; init; }
    public IReadOnlyList<ToolCallUpdate>? ToolCalls { get; init; }
    public required string FinishReason { get; init; }
    public string? RawFinishReason { get; init; }
    public ChatUsage? Usage { get; init; }
    public ProviderExtension? Extension { get; init; }
    public string? UpstreamId { get; init; }
    public ProviderFacts? Facts { get; init; }

    /// <summary>Text the provider produced that the client must not see (see <see cref="ChatUpdate.WithheldContent"/>); the audit keeps it.</summary>
    public string? WithheldContent { get; init; }

    /// <summary>Headers for the facade's response (e.g. <c>x-ratelimit-*</c>, verdict headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ResponseHeaders { get; init; }

    /// <summary>The same answer as one stream update (a provider that answered a stream request whole).</summary>
    public ChatUpdate ToUpdate() => new()
    {
        Content = Content,
        ToolCalls = ToolCalls,
        FinishReason = FinishReason,
        RawFinishReason = RawFinishReason,
        Usage = Usage,
        Extension = Extension,
        UpstreamId = UpstreamId,
        Facts = Facts,
        WithheldContent = WithheldContent,
        ResponseHeaders = ResponseHeaders,
    };
}
