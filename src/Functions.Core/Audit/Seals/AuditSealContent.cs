using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Functions.Core.Audit.Seals;

/// <summary>
/// The canonical form of a stored row that a seal covers, hashed (SHA-256): a version label, the partition and row
/// keys, then every property but those excluded, sorted by name (ordinal), each as its name, a type tag and its
/// value, then the seals of the continuation rows the row points at. Every part is length-prefixed, texts as UTF-16
/// code units exactly as stored. Values are written as the service hands them back: numbers as their shortest
/// decimal text whatever their type (the service returns a double written as <c>12.0</c> as the integer 12), times
/// as UTC ticks. The service's own <c>Timestamp</c> and ETag are never covered (they change on every write).
/// </summary>
internal static class AuditSealContent
{
    private static readonly byte[] s_label = "llm-facade audit seal content v1"u8.ToArray();

    /// <summary>The digest of <paramref name="row"/> without the properties <paramref name="excluded"/> names, followed by <paramref name="parts"/>.</summary>
    public static byte[] Digest(TableEntity row, Func<string, bool> excluded, IReadOnlyList<KeyValuePair<string, string>> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(s_label);
        AppendText(hash, row.PartitionKey);
        AppendText(hash, row.RowKey);
        var names = row.Where(p => p.Value is not null && !IsSystem(p.Key) && !excluded(p.Key)).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        AppendInt64(hash, names.Count);
        foreach (var name in names)
        {
            AppendText(hash, name);
            AppendValue(hash, name, row[name]!);
        }

        AppendInt64(hash, parts.Count);
        foreach (var (rowKey, seal) in parts)
        {
            AppendText(hash, rowKey);
            AppendText(hash, seal);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Properties the service manages (or the SDK adds on reading), never part of the content.</summary>
    public static bool IsSystem(string name) => name is "PartitionKey" or "RowKey" or "Timestamp" || name.StartsWith("odata.", StringComparison.Ordinal);

    private static void AppendValue(IncrementalHash hash, string name, object value)
    {
        switch (value)
        {
            case string s:
                AppendTag(hash, 'S');
                AppendText(hash, s);
                break;
            case bool b:
                AppendTag(hash, 'B');
                hash.AppendData(b ? [1] : [0]);
                break;
            case int or long or double:
                AppendTag(hash, 'N');
                AppendText(hash, Number(value));
                break;
            case DateTimeOffset d:
                AppendTag(hash, 'T');
                AppendInt64(hash, d.UtcTicks);
                break;
            case DateTime d:
                AppendTag(hash, 'T');
                AppendInt64(hash, (d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime()).Ticks);
                break;
            case Guid g:
                AppendTag(hash, 'G');
                AppendText(hash, g.ToString("D"));
                break;
            case byte[] bytes:
                AppendTag(hash, 'X');
                AppendInt64(hash, bytes.Length);
                hash.AppendData(bytes);
                break;
            case BinaryData data:
                AppendTag(hash, 'X');
                AppendInt64(hash, data.ToMemory().Length);
                hash.AppendData(data.ToMemory().Span);
                break;
            default:
                throw new InvalidDataException($"Property {name} has a type ({value.GetType().Name}) a seal cannot cover.");
        }
    }

    /// <summary>A number as the same text whether it comes back as an Int32, an Int64 or a double.</summary>
    private static string Number(object value) => value switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9007199254740992d => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException("Not a number.", nameof(value)),
    };

    private static void AppendTag(IncrementalHash hash, char tag) => hash.AppendData([(byte)tag]);

    private static void AppendInt64(IncrementalHash hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        hash.AppendData(bytes);
    }

    private static void AppendText(IncrementalHash hash, string text)
    {
        AppendInt64(hash, text.Length);
        if (BitConverter.IsLittleEndian)
        {
            hash.AppendData(MemoryMarshal.AsBytes(text.AsSpan()));
        }
        else
        {
            hash.AppendData(Encoding.Unicode.GetBytes(text));
        }
    }
}
