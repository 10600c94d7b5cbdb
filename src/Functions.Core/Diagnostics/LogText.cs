namespace Functions.Core.Diagnostics;

/// <summary>
/// Text a caller or a provider controls, made safe for a log line: control characters (CR and LF among them, so
/// nobody can forge a line) and Unicode line separators are written as <c>\uXXXX</c>, and long text is cut to a
/// bound with the number of characters left out.
/// </summary>
public static class LogText
{
    public const int DefaultMaxLength = 512;

    public static string Safe(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var cut = text.Length > maxLength ? maxLength : text.Length;
        if (cut == text.Length && !text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !NeedsEscape(text)) return text;
        var safe = new StringBuilder(cut + 16);
        foreach (var c in text.AsSpan(0, cut))
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029') safe.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else safe.Append(c);
        }
        if (cut < text.Length) safe.Append("…(+").Append(text.Length - cut).Append(" chars)");
        return safe.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029') return true;
        }
        return false;
    }
}
