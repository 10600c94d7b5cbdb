using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;

namespace Functions.Core.Validation;

/// <summary>
/// The facade's one rule for text that is not valid Unicode, on every route: refused with 400 before anything else
/// reads the body. JSON may spell an unpaired UTF-16 surrogate as <c>\ud800</c>, and a client may send bytes that are
/// not UTF-8; either would be read one way by the audit and another (or not at all) by a provider, so neither is
/// forwarded: the audit always records exactly what the provider receives.
/// </summary>
public static class UnicodeText
{
    private static readonly SearchValues<byte> SurrogateLead = SearchValues.Create("dD"u8);

    /// <summary>Throws a 400 naming the position or the field when <paramref name="body"/> is not valid Unicode JSON text.</summary>
    public static void Check(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            Utf8.ToUtf16(body, new char[body.Length], out var valid, out _, replaceInvalidSequences: false);
            throw FacadeErrors.InvalidJson($"The request body is not valid UTF-8 (byte {valid + 1} starts an invalid sequence); send UTF-8 JSON text.", null);
        }
        // Most bodies carry no surrogate escape at all (an emoji sent as \ud83d\ude00 does): only those are read.
        if (!MayHoldSurrogateEscape(body)) return;
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && HasUnpairedSurrogate(reader.ValueSpan))
                {
                    var field = JsonPath.At(body, reader.TokenStartIndex);
                    throw FacadeErrors.InvalidParameter(field ?? "", $"'{field}' holds an unpaired UTF-16 surrogate escape; text must be valid Unicode.");
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: the request reader says where, with its own message.
        }
    }

    private static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> body)
    {
        for (var i = body.IndexOf("\\u"u8); i >= 0 && i + 2 < body.Length; )
        {
            if (SurrogateLead.Contains(body[i + 2])) return true;
            var next = body[(i + 2)..].IndexOf("\\u"u8);
            i = next < 0 ? -1 : i + 2 + next;
        }
        return false;
    }

    /// <summary>Whether a string's escaped form has a <c>\uD800</c>–<c>\uDFFF</c> escape that is not a high one followed by a low one.</summary>
    private static bool HasUnpairedSurrogate(ReadOnlySpan<byte> escaped)
    {
        var expectLow = false;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\') { if (expectLow) return true; continue; }
            var kind = escaped[i + 1];
            if (kind != 'u') { if (expectLow) return true; i++; continue; }
            Utf8Parser.TryParse(escaped.Slice(i + 2, 4), out ushort unit, out _, 'X');
            i += 5;
            if (unit is >= 0xD800 and <= 0xDBFF) { if (expectLow) return true; expectLow = true; }
            else if (unit is >= 0xDC00 and <= 0xDFFF) { if (!expectLow) return true; expectLow = false; }
            else if (expectLow) return true;
        }
        return expectLow;
    }
}
