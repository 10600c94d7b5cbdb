namespace Functions.Core.Http;

/// <summary>
/// A request header as the audit records it: stored as received, but never more than <see cref="MaxLength"/>
/// characters, so a caller cannot fill a record (or a reviewer's screen) with one header. A cut value ends with a
/// marker saying how much was cut (issue 21).
/// </summary>
public static class RecordedHeader
{
    /// <summary>The most characters of one header value a record keeps.</summary>
    public const int MaxLength = 512;

    /// <summary>The value as received when it fits, else its first <see cref="MaxLength"/> characters and the cut's marker; null or empty stays null.</summary>
    public static string? Bound(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length <= MaxLength) return value;
        // Never split a surrogate pair: the kept part stays valid UTF-16.
        var kept = char.IsHighSurrogate(value[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Concat(value.AsSpan(0, kept), $"…[cut {value.Length - kept} chars]");
    }
}
