namespace Functions.Core.Providers.Baidu;

/// <summary>
/// One item of a Baidu stream: a <c>data:</c> event or a bare JSON line (Baidu's mid-stream error), its JSON, and
/// the exact bytes it arrived in when they are kept for a pass-through caller.
/// </summary>
/// <param name="Kind">An event or a bare line.</param>
/// <param name="Json">The event's data or the line.</param>
/// <param name="Raw">The bytes read for it (empty unless kept).</param>
internal sealed record BaiduStreamItem(SseItemKind Kind, ReadOnlyMemory<byte> Json, ReadOnlyMemory<byte> Raw);
