namespace Functions.Core.Streaming;

/// <summary>What an <see cref="SseReader"/> item is.</summary>
public enum SseItemKind
{
    /// <summary>A complete event: its <c>data:</c> lines joined with <c>\n</c>.</summary>
    Event,

    /// <summary>
    /// A line that is no SSE field: raw text or bare JSON. Standard parsers skip these silently, but
    /// MindIE and Baidu write their mid-stream errors this way, so the adapters must see them.
    /// </summary>
    BareLine,

    /// <summary>A comment line (<c>: keep-alive</c>), reported only by a reader that keeps raw bytes.</summary>
    Comment,
}
