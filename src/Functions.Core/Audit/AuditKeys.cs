using System.Security.Cryptography;

namespace Functions.Core.Audit;

/// <summary>
/// The key scheme of the audit table (see docs/audit.md). A day's rows live in <see cref="LaneCount"/> lane
/// partitions, <c>{day}-{lane}</c>: an instance writes its calls to the few lanes it keeps busy, so
/// concurrent calls share a partition and leave in one transaction. In a lane, row keys start with
/// inverted ticks so that a partition reads newest first; the caller and flagged index rows sit beside
/// the records under their own prefixes. A request id that carries its own time places its record itself; any
/// other id gets a row in the request id index, which lives elsewhere, in
/// <see cref="RequestIndexPartitionCount"/> partitions chosen by a hash of the id.
/// </summary>
public static class AuditKeys
{
    /// <summary>Lane partitions per day. Part of the schema: readers query exactly these lanes.</summary>
    public const int LaneCount = 16;

    /// <summary>Partitions of the request id index. Part of the schema: readers hash ids onto exactly these.</summary>
    public const int RequestIndexPartitionCount = 4;

    /// <summary>Row keys of continuation rows start with this, after every other row of a lane.</summary>
    public const string ContinuationPrefix = "~";

    /// <summary>Row keys of caller index rows start with this, then the encoded caller and a dot.</summary>
    public const string CallerPrefix = "c.";

    /// <summary>Row keys of flagged index rows start with this.</summary>
    public const string FlaggedPrefix = "f.";

    /// <summary>Row keys of rejection summary rows start with this.</summary>
    public const string SummaryPrefix = "s.";

    /// <summary>The UTC day of a time, as partition keys spell it: <c>yyyyMMdd</c>.</summary>
    public static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Ticks counted down from the latest time, 19 digits, so that newer rows sort first.</summary>
    public static string InvertedTicks(DateTimeOffset time) =>
        (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The inverted ticks just after <paramref name="time"/>'s: the exclusive end of a range that includes it.</summary>
    public static string InvertedTicksAfter(DateTimeOffset time) =>
        (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>FNV-1a of a value's UTF-16 code units.</summary>
    public static uint Hash(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }

    /// <summary>
    /// A value made safe for a key: letters, digits and <c>-</c> stay, every other character becomes <c>_</c> and
    /// the hex of its UTF-8 bytes (so an encoded value never holds a dot). Values longer than 200 encoded
    /// characters keep 200 plus a SHA-256 suffix.
    /// </summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1;
            var written = Encoding.UTF8.GetBytes(value.AsSpan(i, length), bytes);
            foreach (var b in bytes[..written])
            {
                builder.Append('_').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }

            i += length - 1;
        }

        if (builder.Length <= 200)
        {
            return builder.ToString();
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
        return builder.ToString(0, 200) + "-" + hash;
    }

    /// <summary>
    /// The value <see cref="Encode"/> made <paramref name="encoded"/> from (<c>_</c> plus hex digits back to UTF-8
    /// bytes); values cut to 200 characters come back cut, ending in <c>…</c>.
    /// </summary>
    public static string Decode(string encoded)
    {
        var cut = encoded.Length > 200 && encoded[200] == '-';
        var text = cut ? encoded[..200] : encoded;
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray()) + (cut ? "…" : "");
    }

    /// <summary>
    /// The time and request id a row key of a day lane names: a record row (<c>{inv}-{rid}</c>) or a rejection summary row
    /// (<c>s.{inv}.{instance}</c>, no request id); <c>null</c> for other rows.
    /// </summary>
    public static (DateTimeOffset Time, string? RequestId)? ParseRowKey(string rowKey)
    {
        var summary = rowKey.StartsWith(SummaryPrefix, StringComparison.Ordinal);
        var start = summary ? SummaryPrefix.Length : 0;
        if (rowKey.Length < start + 19 || !long.TryParse(rowKey.AsSpan(start, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var inverted)
            || inverted < 0 || inverted > DateTimeOffset.MaxValue.UtcTicks)
        {
            return null;
        }

        var time = new DateTimeOffset(DateTimeOffset.MaxValue.UtcTicks - inverted, TimeSpan.Zero);
        return summary ? (time, null) : rowKey.Length > 20 && rowKey[19] == '-' ? (time, Decode(rowKey[20..])) : null;
    }

    /// <summary>How far a request id's own time may be from the call's for the id to place its record.</summary>
    public static readonly TimeSpan SelfLocatingSkew = TimeSpan.FromHours(1);

    /// <summary>
    /// The keys of one call's record, in lane <paramref name="lane"/> of its day. A request id that carries its own
    /// time (<see cref="TimeOf"/>, within <see cref="SelfLocatingSkew"/> of <paramref name="time"/>) places the
    /// record by that time, so a lookup by id finds it without an index row; any other id places it by
    /// <paramref name="time"/> and needs a row in the request id index.
    /// </summary>
    public static AuditRecordKeys ForRecord(string requestId, DateTimeOffset time, int lane)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, LaneCount);
        var own = TimeOf(requestId) is { } idTime && (idTime - time).Duration() <= SelfLocatingSkew ? idTime : (DateTimeOffset?)null;
        var keyTime = own ?? time;
        var day = Day(keyTime);
        var inverted = InvertedTicks(keyTime);
        var requestKey = Encode(requestId);
        return new AuditRecordKeys(day, lane, LanePartition(day, lane), $"{inverted}-{requestKey}", inverted, requestKey, NeedsRequestIndex: own is null);
    }

    /// <summary>
    /// The time a request id carries: the timestamp of a version-7 GUID (RFC 9562; the facade's ids are these, as
    /// 32 hex digits), to the millisecond; <c>null</c> for any other id.
    /// </summary>
    public static DateTimeOffset? TimeOf(string requestId)
    {
        if (!(Guid.TryParseExact(requestId, "N", out var id) || Guid.TryParseExact(requestId, "D", out id)) || id.Version != 7)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var milliseconds = 0L;
        for (var i = 0; i < 6; i++)
        {
            milliseconds = (milliseconds << 8) | bytes[i];
        }

        return milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
    }

    /// <summary>The row key a self-locating request id's record has in whichever lane of its day it is (see <see cref="ForRecord"/>).</summary>
    public static (string Day, string RowKey)? SelfLocation(string requestId) =>
        TimeOf(requestId) is { } time ? (Day(time), $"{InvertedTicks(time)}-{Encode(requestId)}") : null;

    /// <summary>Lane <paramref name="lane"/> of a day.</summary>
    public static string LanePartition(string day, int lane) => $"{day}-{lane:D2}";

    /// <summary>Every lane of one day.</summary>
    public static IEnumerable<string> LanePartitions(string day) => Enumerable.Range(0, LaneCount).Select(lane => LanePartition(day, lane));

    /// <summary>The prefix of one caller's index rows in a lane.</summary>
    public static string CallerRowPrefix(string caller) => $"{CallerPrefix}{Encode(caller)}.";

    /// <summary>The request id index partition of a request id.</summary>
    public static string RequestPartition(string requestId) => $"r-{Hash(requestId) % RequestIndexPartitionCount:D2}";

    /// <summary>The prefix of the request id index rows of a request id (one row per record with that id).</summary>
    public static string RequestRowPrefix(string requestId) => Encode(requestId) + ".";
}
