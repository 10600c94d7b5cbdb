namespace Functions.Core.Diagnostics;

/// <summary>
/// Text a caller or a provider controls, made safe for a log line: written out as <see cref="SafeText.Line"/> does
/// (control characters, CR and LF among them so nobody can forge a line, line separators, bidi and zero-width
/// characters made visible), and long text cut to a bound with the number of characters left out.
/// </summary>
public static class LogText
{
    public const int DefaultMaxLength = 512;

    public static string Safe(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (text.Length <= maxLength) return SafeText.Line(text);
        return SafeText.Line(text[..maxLength]) + "…(+" + (text.Length - maxLength).ToString(CultureInfo.InvariantCulture) + " chars)";
    }
}
