using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit.Seals;

/// <summary>
/// One link of a chain: the row's place in its chain (<see cref="Chain"/>, <see cref="Seq"/>), the previous link's
/// seal and row, and the seal over all of it and the row's content, made with key <see cref="KeyId"/>.
/// </summary>
/// <param name="Chain">The chain: one per writing process (its instance name), or <c>purge</c> for purge entries.</param>
/// <param name="Seq">The link's number in its chain, from 1.</param>
/// <param name="Prev">The previous link's seal; <c>null</c> for the first link.</param>
/// <param name="PrevRow">Where the previous link's row is, <c>{PartitionKey}/{RowKey}</c>; <c>null</c> for the first link.</param>
/// <param name="KeyId">The id of the key that made <paramref name="Seal"/>.</param>
/// <param name="Seal">HMAC-SHA256 (base64) over the content digest and the fields above.</param>
public sealed record AuditSealLink(string Chain, long Seq, string? Prev, string? PrevRow, string KeyId, string Seal)
{
    /// <summary>Writes the link's properties onto a row.</summary>
    public void Apply(TableEntity row)
    {
        row[P.SealChain] = Chain;
        row[P.SealSeq] = Seq;
        if (Prev is not null)
        {
            row[P.SealPrev] = Prev;
            row[P.SealPrevRow] = PrevRow;
        }

        row[P.SealKey] = KeyId;
        row[P.Seal] = Seal;
    }

    /// <summary>The link a row carries, or <c>null</c> when it carries none (or a malformed one).</summary>
    public static AuditSealLink? Read(TableEntity row) =>
        AuditValues.String(row, P.SealChain) is { } chain && AuditValues.Int64(row, P.SealSeq) is { } seq
        && AuditValues.String(row, P.SealKey) is { } keyId && AuditValues.String(row, P.Seal) is { } seal
            ? new AuditSealLink(chain, seq, AuditValues.String(row, P.SealPrev), AuditValues.String(row, P.SealPrevRow), keyId, seal)
            : null;

    /// <summary>The row a <see cref="PrevRow"/> value names.</summary>
    public static (string PartitionKey, string RowKey)? ParseRow(string? row) =>
        row?.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash && slash < row.Length - 1 ? (row[..slash], row[(slash + 1)..]) : null;

    /// <summary>How a <see cref="PrevRow"/> names a row.</summary>
    public static string RowName(string partitionKey, string rowKey) => $"{partitionKey}/{rowKey}";
}
