using System.Buffers;
using System.Text.Encodings.Web;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Translates one Baidu answer (docs/protocols/baidu.md) event by event, on both routes. Every <c>data:</c>
/// event becomes an update with its text (a delta, not cumulative) and its usage (the relay keeps the last,
/// never a sum); the <c>is_end: true</c> event carries the finish reason and the <c>baidu</c> object. Each
/// update's facts are the verdict so far, so the last one is the call's. Once a withheld flag is seen, later
/// text goes to <see cref="ChatUpdate.WithheldContent"/> only (on a pass-through call, the event's
/// <c>result</c> is blanked in the bytes the caller gets); text already relayed cannot be recalled (the final
/// chunk tells the client to retract it).
/// </summary>
public sealed class FromBaiduChunk(IReadOnlySet<int> withheldFlags)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly BaiduVerdict _verdict = new(withheldFlags);
    private string? _toolCallId;

    /// <summary>Translates the next stream event.</summary>
    public ChatUpdate Translate(BaiduMessage message) => Translate(message, message.IsEnd);

    /// <summary>Translates one event; a <paramref name="final"/> one carries the finish reason and the <c>baidu</c> object.</summary>
    public ChatUpdate Translate(BaiduMessage message, bool final)
    {
        _verdict.Observe(message);
        var text = string.IsNullOrEmpty(message.Result) ? null : message.Result;
        var withhold = _verdict.Withholds;
        if (withhold && text is not null) _verdict.MarkWithheld();
        // Baidu makes at most one call per turn and sends it whole: relay it once.
        IReadOnlyList<ToolCallUpdate>? tools = message.FunctionName is { } name && _toolCallId is null
            ? [new ToolCallUpdate(0, _toolCallId = BaiduToolCalls.NewId(), name, message.FunctionArguments ?? "{}")]
            : null;
        return new ChatUpdate
        {
            Content = withhold ? null : text,
            WithheldContent = withhold ? text : null,
            ToolCalls = tools,
            FinishReason = final ? _verdict.FinishReason() : null,
            RawFinishReason = message.FinishReason,
            Usage = message.Usage,
            UpstreamId = message.Id,
            Facts = _verdict.ToFacts(),
            Extension = final ? _verdict.ToExtension() : null,
        };
    }

    /// <summary>The verdict so far as response headers (<c>x-baidu-flag</c>, …): only the first event's is known when the headers leave.</summary>
    public void AddVerdictHeaders(List<KeyValuePair<string, string>> headers) => _verdict.AddHeaders(headers);

    /// <summary>
    /// A pass-through event or body with its <c>result</c> blanked and every other field (the verdict included) as
    /// Baidu sent it: what a pass-through caller gets for withheld text.
    /// </summary>
    public static byte[] WithResultBlanked(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("result")) writer.WriteString("result"u8, ""u8);
                else property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
