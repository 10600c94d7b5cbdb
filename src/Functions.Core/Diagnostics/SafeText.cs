namespace Functions.Core.Diagnostics;

/// <summary>
/// The one rule for showing text a caller or a provider controls to a person (a terminal, a log line, a report):
/// characters that a terminal or a renderer would act on, or that cannot be seen, are written out visibly instead,
/// so what the reader sees is what was stored. The stored text is never changed; only its display is.
/// <list type="bullet">
/// <item>Control characters — C0 (ESC and CR among them), DEL, C1 (U+0080–U+009F) — and the line and paragraph
/// separators U+2028/U+2029 are written as <c>\u001b</c>, <c>\u000d</c>, <c>\u009b</c>, <c>\u2028</c>.</item>
/// <item>Invisible format characters (Unicode category Cf): the bidi controls U+202A–U+202E, U+2066–U+2069, U+200E,
/// U+200F, U+061C, the zero-width U+200B–U+200D, U+2060, U+FEFF, the tag characters U+E0000–U+E007F and the rest,
/// are written as <c>⟨U+202E⟩</c>.</item>
/// <item>A lone surrogate (not text) is written as <c>\ud800</c>.</item>
/// </list>
/// <see cref="Line"/> is for single-line fields (caller, user agent, model, path, error message…): newline and tab
/// are escaped too. <see cref="Block"/> is for multi-line bodies (prompts, responses): newline and tab are kept.
/// </summary>
public static class SafeText
{
    /// <summary>A single-line field made safe to show: every control character, newline and tab included, written out.</summary>
    public static string Line(string? text) => Escape(text, multiLine: false);

    /// <summary>A multi-line body made safe to show: newline (LF) and tab kept, every other control character (CR among them) written out.</summary>
    public static string Block(string? text) => Escape(text, multiLine: true);

    /// <summary>Whether <see cref="Line"/> or <see cref="Block"/> would change the text.</summary>
    public static bool NeedsEscaping(ReadOnlySpan<char> text, bool multiLine)
    {
        foreach (var c in text)
        {
            if (Suspect(c, multiLine)) return true;
        }

        return false;
    }

    private static string Escape(string? text, bool multiLine)
    {
        if (string.IsNullOrEmpty(text) || !NeedsEscaping(text, multiLine)) return text ?? "";
        var safe = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate: not a character at all.
                AppendCode(safe, text[i]);
                i++;
                continue;
            }

            var value = rune.Value;
            if (multiLine && value is '\n' or '\t') safe.Append((char)value);
            else if (value < 0x20 || value is >= 0x7f and <= 0x9f || value is 0x2028 or 0x2029) AppendCode(safe, (char)value);
            else if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format) safe.Append("⟨U+").Append(value.ToString("X4", CultureInfo.InvariantCulture)).Append('⟩');
            else safe.Append(text, i, length);
            i += length;
        }

        return safe.ToString();
    }

    private static void AppendCode(StringBuilder safe, char c) => safe.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));

    /// <summary>Whether a UTF-16 unit may need escaping (a surrogate is checked as part of its pair).</summary>
    private static bool Suspect(char c, bool multiLine) =>
        c < ' ' ? !(multiLine && c is '\n' or '\t')
        : c >= '\u007f' && (c <= '\u009f' || c is '\u2028' or '\u2029' || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);
}
