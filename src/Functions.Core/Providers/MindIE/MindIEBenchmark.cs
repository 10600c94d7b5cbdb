using System.Buffers;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// MindIE's timing fields, sent when the server runs with <c>MINDIE_LLM_BENCHMARK_ENABLE</c>:
/// <c>prefill_time</c> (first-token time) and <c>decode_time_arr</c> (the time of each decode step),
/// presumably in milliseconds. The server code puts them at the top level, the user's MindIE document
/// (docs/protocols/mindie.md §5) inside <c>usage</c>: both are read. They become first-class audit facts and the
/// <c>mindie</c> object shown to clients, with the values exactly as MindIE wrote them.
/// </summary>
internal static class MindIEBenchmark
{
    public const string ExtensionName = "mindie";

    public sealed record Timings(double? PrefillTimeMs, IReadOnlyList<double>? DecodeTimesMs, ProviderExtension? Extension);

    public static Timings Read(JsonElement root)
    {
        var usage = root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? u : default;
        var prefill = Find(root, usage, "prefill_time", JsonValueKind.Number);
        var decode = Find(root, usage, "decode_time_arr", JsonValueKind.Array);
        if (prefill is null && decode is null) return new Timings(null, null, null);

        IReadOnlyList<double>? decodeTimes = null;
        if (decode is { } array && array.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out _)))
            decodeTimes = array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (prefill is { } p) { writer.WritePropertyName("prefill_time"u8); p.WriteTo(writer); }
            if (decode is { } d) { writer.WritePropertyName("decode_time_arr"u8); d.WriteTo(writer); }
            writer.WriteEndObject();
        }
        double? prefillTime = prefill is { } value && value.TryGetDouble(out var ms) ? ms : null;
        return new Timings(prefillTime, decodeTimes, new ProviderExtension(ExtensionName, buffer.WrittenMemory.ToArray()));
    }

    /// <summary>
    /// <paramref name="update"/> (what the OpenAI-shaped fields of <paramref name="root"/> say) with MindIE's timings
    /// and <paramref name="fullText"/> added: the <c>mindie</c> extension and the audit facts.
    /// </summary>
    public static ChatUpdate AddTo(ChatUpdate update, JsonElement root, string? fullText = null)
    {
        var timings = Read(root);
        return update with { Extension = timings.Extension, Facts = Facts(timings, fullText) };
    }

    /// <summary>Facts for the audit, or null when the event carries none.</summary>
    public static ProviderFacts? Facts(Timings timings, string? fullText) =>
        timings.PrefillTimeMs is null && timings.DecodeTimesMs is null && fullText is null
            ? null
            : new ProviderFacts { FullText = fullText, PrefillTimeMs = timings.PrefillTimeMs, DecodeTimesMs = timings.DecodeTimesMs };

    private static JsonElement? Find(JsonElement root, JsonElement usage, string name, JsonValueKind kind)
    {
        if (root.TryGetProperty(name, out var top) && top.ValueKind == kind) return top;
        if (usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty(name, out var inner) && inner.ValueKind == kind) return inner;
        return null;
    }
}
