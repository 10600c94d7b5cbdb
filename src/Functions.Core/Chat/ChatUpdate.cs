namespace Functions.Core.Chat;

/// <summary>
/// One translated piece of an answer, provider-neutral: a stream event, or a whole non-stream answer as a
/// single update. The relay writes each as one OpenAI chunk; the audit sees every one pass. An update carrying
/// only <see cref="Usage"/> produces no chunk of its own. On a pass-through call, <see cref="Raw"/> holds the
/// provider-dialect bytes that go to the caller for this piece.
/// </summary>
public sealed record ChatUpdate
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
    /// Pass-through calls only: the bytes for the caller, in the provider's dialect: what the provider sent, or
    /// the same event with withheld text blanked. Empty on the unified route.
    /// </summary>
    public ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>True when the update has something for an OpenAI client besides usage.</summary>
    public bool HasChunk => Content is not null || ToolCalls is not null || FinishReason is not null || Extension is not null;
}
