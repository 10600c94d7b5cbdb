using Functions.Core.Providers.OpenAICompatible;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Translates one MindIE stream event (<c>chat.completion.chunk</c>, docs/protocols/mindie.md) into a
/// <see cref="ChatUpdate"/>: the OpenAI-shaped fields as every OpenAI-shaped provider's, plus <c>full_text</c>
/// and the timings, which ride on the last content event. MindIE repeats <c>role</c> in every delta and opens
/// with a role-only event: the role is dropped (the relay writes it once) and that event becomes an update with
/// nothing to show. MindIE's error shape (<c>{"error":"…","error_type":"…"}</c>) becomes its error.
/// </summary>
public static class FromMindIEChunk
{
    public static ChatUpdate Translate(ReadOnlyMemory<byte> data)
    {
        using var document = UpstreamJson.ParseAnswer(data, MindIEParameters.Display, "a stream event", MindIEErrors.FromStreamError);
        var root = document.RootElement;
        var fullText = root.TryGetProperty("full_text", out var full) && full.ValueKind == JsonValueKind.String ? full.GetString() : null;
        return MindIEBenchmark.AddTo(FromOpenAICompatibleChunk.Read(root), root, fullText);
    }
}
