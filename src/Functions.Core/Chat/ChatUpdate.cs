namespace Functions.Core.Chat;

/// <summary>
/// One translated stream event, provider-neutral. The relay writes each as one OpenAI chunk; the audit
/// sees every one pass. An update carrying only <see cref="Usage"/> produces no chunk of its own.
/// </summary>
public sealed class ChatUpdate
{
    public string? Content { get; init; }
    public IReadOnlyList<ToolCallUpdate>? ToolCalls { get; init; }

    /// <summary>The mapped OpenAI finish reason (<see cref="FinishReasons"/>), on the last update.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The provider's own finish reason, for the audit.</summary>
    public string? RawFinishReason { get; init; }

    public ChatUsage? Usage { get; init; }
    public ProviderExtension? Extension { get; init; }

    /// <summary>The provider's id for the call, when this event carries one.</summary>
    public string? UpstreamId { get; init; }

    /// <summary>Provider facts for the audit (safety verdicts, timings), on the update that has them.</summary>
    public ProviderFacts? Facts { get; init; }

    /// <summary>
    /// Text the provider produced that the client must not see (withheld for a safety verdict, e.g. Baidu
    /// <c>flag</c> 3 or 4). Never written to the client; the audit records it in order with <see cref="Content"/>.
    /// </summary>
    public string? WithheldContent { get; init; }

    /// <summary>
    /// Headers for the facade's response (e.g. <c>x-ratelimit-*</c>). Only those of updates that arrive
    /// before the stream's first byte can be sent; later ones are ignored.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ResponseHeaders { get; init; }

    /// <summary>True when the update has something for the client besides usage.</summary>
    public bool HasChunk => Content is not null || ToolCalls is not null || FinishReason is not null || Extension is not null;
}
