using System.Text;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// Writes string values as JSON escaping only what JSON requires (quote, backslash, control characters),
/// plus U+2028 and U+2029, which some JavaScript parsers take for line ends. Everything else, CJK and emoji
/// included, goes out as plain UTF-8: System.Text.Json's encoders would escape every non-BMP character into
/// 12 bytes, which matters when a prompt fills entities up to the service's size limits.
/// </summary>
internal static class TableJsonString
{
    /// <summary>The number of bytes <see cref="WriteQuoted"/> produces for <paramref name="value"/>, quotes included.</summary>
    public static int GetQuotedByteCount(ReadOnlySpan<char> value)
    {
        var count = 2;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20 || c is '\u2028' or '\u2029')
            {
                count += c is '\n' or '\r' or '\t' or '\b' or '\f' ? 2 : 6;
            }
            else if (c is '"' or '\\')
            {
                count += 2;
            }
            else if (c < 0x80)
            {
                count += 1;
            }
            else if (c < 0x800)
            {
                count += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                count += 4;
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                count += 6;
            }
            else
            {
                count += 3;
            }
        }

        return count;
    }

    /// <summary>Writes <paramref name="value"/> as a quoted JSON string in UTF-8.</summary>
    public static void WriteQuoted(Stream output, ReadOnlySpan<char> value)
    {
        Span<byte> buffer = stackalloc byte[8];
        output.WriteByte((byte)'"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': output.Write("\\\""u8); continue;
                case '\\': output.Write("\\\\"u8); continue;
                case '\n': output.Write("\\n"u8); continue;
                case '\r': output.Write("\\r"u8); continue;
                case '\t': output.Write("\\t"u8); continue;
                case '\b': output.Write("\\b"u8); continue;
                case '\f': output.Write("\\f"u8); continue;
            }

            if (c < 0x20 || c is '\u2028' or '\u2029' || (char.IsSurrogate(c) && !IsPairAt(value, i)))
            {
                // A lone surrogate cannot be UTF-8; JSON's \u escape carries it unchanged.
                Encoding.ASCII.GetBytes($"\\u{(int)c:x4}", buffer);
                output.Write(buffer[..6]);
            }
            else if (c < 0x80)
            {
                output.WriteByte((byte)c);
            }
            else
            {
                var length = char.IsHighSurrogate(c) ? 2 : 1;
                var written = Encoding.UTF8.GetBytes(value.Slice(i, length), buffer);
                output.Write(buffer[..written]);
                i += length - 1;
            }
        }

        output.WriteByte((byte)'"');
    }

    private static bool IsPairAt(ReadOnlySpan<char> value, int i) =>
        char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
}
