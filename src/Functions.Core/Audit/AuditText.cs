namespace Functions.Core.Audit;

/// <summary>
/// Splits text into chunks a string property can hold (at most <see cref="MaxChunkChars"/> UTF-16 code units,
/// under the service's 64 KiB) without ever separating the two halves of a surrogate pair.
/// </summary>
public static class AuditText
{
    /// <summary>The most UTF-16 code units in one chunk (the service takes 32,768).</summary>
    public const int MaxChunkChars = 32_000;

    /// <summary>The chunks of <paramref name="value"/>, in order; one empty chunk for an empty string.</summary>
    public static IReadOnlyList<string> Split(string value, int maxChunkChars = MaxChunkChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkChars, 2);
        if (value.Length <= maxChunkChars)
        {
            return [value];
        }

        var chunks = new List<string>(value.Length / maxChunkChars + 1);
        var start = 0;
        while (start < value.Length)
        {
            var length = Math.Min(maxChunkChars, value.Length - start);
            if (start + length < value.Length && char.IsHighSurrogate(value[start + length - 1]))
            {
                // The chunk would end between a high and a low surrogate: leave the pair to the next chunk.
                length--;
            }

            chunks.Add(value.Substring(start, length));
            start += length;
        }

        return chunks;
    }
}
