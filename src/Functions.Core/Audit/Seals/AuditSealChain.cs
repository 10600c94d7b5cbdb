namespace Functions.Core.Audit.Seals;

/// <summary>
/// The chain of one writing process: every row it seals as a link gets the next number, and its seal covers the
/// previous link's seal and names that link's row. So a deleted row leaves a gap that the next link points into.
/// The content digest is computed before the lock; only the numbering and one HMAC of a few bytes happen under it.
/// </summary>
internal sealed class AuditSealChain(string id)
{
    private readonly Lock _lock = new();
    private long _seq;
    private string? _prev;
    private string? _prevRow;

    /// <summary>The chain's id (the process's instance name).</summary>
    public string Id => id;

    /// <summary>The next link, for the row at <paramref name="partitionKey"/>/<paramref name="rowKey"/> whose content digest is <paramref name="digest"/>.</summary>
    public AuditSealLink Next(AuditSealKey key, string partitionKey, string rowKey, byte[] digest)
    {
        lock (_lock)
        {
            var seq = _seq + 1;
            var link = new AuditSealLink(id, seq, _prev, _prevRow, key.Id, AuditSeal.Link(key, digest, id, seq, _prev, _prevRow));
            (_seq, _prev, _prevRow) = (seq, link.Seal, AuditSealLink.RowName(partitionKey, rowKey));
            return link;
        }
    }
}
