using System.Buffers;
using System.Buffers.Binary;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit.Seals;

/// <summary>
/// What each kind of seal covers, for the writer and <c>audit verify</c> alike:
/// <list type="bullet">
/// <item>a <b>link</b> seal (record rows, rejection summary rows, purge entries): the row's content without its link
/// properties, the seals of the continuation rows it points at, and the link (chain, number, previous seal and row,
/// key id), so each link covers the one before it;</item>
/// <item>a <b>completion</b> seal (a record completed after its begin was written): the whole final row, link
/// properties included, and every continuation row it points at;</item>
/// <item>a <b>part</b> seal (continuation rows): the row's content.</item>
/// </list>
/// Each is HMAC-SHA256 under the key, over a label naming the kind, the content digest (<see cref="AuditSealContent"/>)
/// and the fields above.
/// </summary>
internal static class AuditSeal
{
    private static readonly HashSet<string> s_linkProperties = new(StringComparer.Ordinal) { P.Seal, P.SealKey, P.SealChain, P.SealSeq, P.SealPrev, P.SealPrevRow };

    /// <summary>The seal of a continuation row.</summary>
    public static string Part(AuditSealKey key, TableEntity row) => key.Seal(PartInput(row, key.Id));

    /// <summary>Seals a continuation row in place.</summary>
    public static void SealPart(AuditSealKey key, TableEntity row)
    {
        row.Remove(P.Seal);
        row[P.SealKey] = key.Id;
        row[P.Seal] = Part(key, row);
    }

    /// <summary>The content digest a link seal covers.</summary>
    public static byte[] LinkDigest(TableEntity row, IReadOnlyList<KeyValuePair<string, string>> parts) =>
        AuditSealContent.Digest(row, s_linkProperties.Contains, parts);

    /// <summary>The seal of a link over <paramref name="digest"/>.</summary>
    public static string Link(AuditSealKey key, byte[] digest, string chain, long seq, string? prev, string? prevRow) =>
        key.Seal(LinkInput(digest, chain, seq, prev, prevRow, key.Id));

    /// <summary>The seal over a whole completed row.</summary>
    public static string Completion(AuditSealKey key, TableEntity row, IReadOnlyList<KeyValuePair<string, string>> parts) =>
        key.Seal(CompletionInput(row, parts, key.Id));

    /// <summary>Whether a continuation row's seal is <paramref name="key"/>'s.</summary>
    public static bool VerifiesPart(AuditSealKey key, TableEntity row, string seal) => key.Verifies(PartInput(row, key.Id), seal);

    /// <summary>Whether a row's link seal is <paramref name="key"/>'s.</summary>
    public static bool VerifiesLink(AuditSealKey key, TableEntity row, AuditSealLink link, IReadOnlyList<KeyValuePair<string, string>> parts) =>
        key.Verifies(LinkInput(LinkDigest(row, parts), link.Chain, link.Seq, link.Prev, link.PrevRow, key.Id), link.Seal);

    /// <summary>Whether a row's completion seal is <paramref name="key"/>'s.</summary>
    public static bool VerifiesCompletion(AuditSealKey key, TableEntity row, string seal, IReadOnlyList<KeyValuePair<string, string>> parts) =>
        key.Verifies(CompletionInput(row, parts, key.Id), seal);

    /// <summary>
    /// The continuation rows a record row points at (its <c>{Field}_Rows</c> properties), in order, each with the seal
    /// <paramref name="sealOf"/> finds for it (<c>""</c> when none).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parts(TableEntity record, Func<string, string?> sealOf)
    {
        var parts = new List<KeyValuePair<string, string>>();
        foreach (var name in record.Keys.Where(n => n.EndsWith("_Rows", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var field = name[..^"_Rows".Length];
            var count = AuditValues.Int32(record, name) ?? 0;
            for (var row = 0; row < count; row++)
            {
                var rowKey = PartRowKey(record.RowKey, field, row);
                parts.Add(new(rowKey, sealOf(rowKey) ?? ""));
            }
        }

        return parts;
    }

    /// <summary>The row key of continuation row <paramref name="row"/> of a record's text field (as <see cref="AuditRecordKeys.ContinuationRowKey"/> makes it).</summary>
    public static string PartRowKey(string recordRowKey, string field, int row) => $"{AuditKeys.ContinuationPrefix}{recordRowKey}.{field}.{row:D4}";

    private static byte[] PartInput(TableEntity row, string keyId)
    {
        var digest = AuditSealContent.Digest(row, name => name is P.Seal or P.SealKey, []);
        return Concat("part v1", digest, keyId);
    }

    private static byte[] CompletionInput(TableEntity row, IReadOnlyList<KeyValuePair<string, string>> parts, string keyId)
    {
        var digest = AuditSealContent.Digest(row, name => name is P.CompletionSeal or P.CompletionSealKey, parts);
        return Concat("completion v1", digest, keyId);
    }

    private static byte[] LinkInput(byte[] digest, string chain, long seq, string? prev, string? prevRow, string keyId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, "link v1");
        Write(buffer, digest);
        Write(buffer, chain);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, seq);
        Write(buffer, number);
        Write(buffer, prev ?? "");
        Write(buffer, prevRow ?? "");
        Write(buffer, keyId);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Concat(string label, byte[] digest, string keyId)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(buffer, label);
        Write(buffer, digest);
        Write(buffer, keyId);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string text) => Write(buffer, Encoding.UTF8.GetBytes(text));

    private static void Write(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), bytes.Length);
        buffer.Advance(4);
        buffer.Write(bytes);
    }
}
