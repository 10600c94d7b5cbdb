using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Functions.Core.Audit;

/// <summary>
/// The key scheme of the audit tables (see docs/audit.md). Records live in day partitions split into
/// <see cref="ShardCount"/> shards by a hash of the request id, so that no partition takes more than a
/// sixteenth of a day's writes; row keys start with inverted ticks so that a partition reads newest first.
/// </summary>
public static class AuditKeys
{
    /// <summary>Shards per day. Part of the schema: readers query exactly these shards, so it never changes.</summary>
    public const int ShardCount = 16;

    /// <summary>Row keys of continuation rows start with this, after every record row (which start with digits).</summary>
    public const string ContinuationPrefix = "~";

    /// <summary>The UTC day of a time, as partition keys spell it: <c>yyyyMMdd</c>.</summary>
    public static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Ticks counted down from the latest time, 19 digits, so that newer rows sort first.</summary>
    public static string InvertedTicks(DateTimeOffset time) =>
        (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The shard of a request id: FNV-1a of its UTF-16 code units, modulo <see cref="ShardCount"/>.</summary>
    public static int Shard(string requestId)
    {
        var hash = 2166136261u;
        foreach (var c in requestId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % ShardCount);
    }

    /// <summary>
    /// A value made safe for a key: letters, digits and <c>-</c> stay, every other character becomes <c>_</c> and
    /// the hex of its UTF-8 bytes. Values longer than 200 encoded characters keep 200 plus a SHA-256 suffix.
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

    /// <summary>The keys of one call's record.</summary>
    public static AuditRecordKeys ForRecord(string requestId, DateTimeOffset time)
    {
        var day = Day(time);
        var shard = Shard(requestId);
        var inverted = InvertedTicks(time);
        var requestKey = Encode(requestId);
        return new AuditRecordKeys(day, shard, $"{day}-{shard:D2}", $"{inverted}-{requestKey}", inverted, requestKey);
    }

    /// <summary>Record partitions of one day, one per shard.</summary>
    public static IEnumerable<string> RecordPartitions(string day) =>
        Enumerable.Range(0, ShardCount).Select(shard => $"{day}-{shard:D2}");

    /// <summary>The caller index partition of one day and shard.</summary>
    public static string CallerPartition(string caller, string day, int shard) => $"c-{Encode(caller)}-{day}-{shard:D2}";

    /// <summary>The flagged index partition of one day.</summary>
    public static string FlaggedPartition(string day) => $"f-{day}";

    /// <summary>The request id index partition of a request id.</summary>
    public static string RequestPartition(string requestId) => $"r-{Shard(requestId):D2}";

    /// <summary>The prefix of the request id index rows of a request id (one row per record with that id).</summary>
    public static string RequestRowPrefix(string requestId) => Encode(requestId) + ".";
}
