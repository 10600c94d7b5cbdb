using System.Runtime.CompilerServices;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit.Seals;

/// <summary>
/// Seals what the store writes, in the write that carries it (no extra storage operation): continuation rows when
/// they are made (they never change), a record row with a new link of this process's chain when it is begun or
/// written whole, the whole final row when a begun record is completed, and rejection summary rows as links. Without
/// a key (<see cref="AuditSealKeys"/> logs why) nothing is sealed.
/// </summary>
internal sealed class AuditSealer(AuditSealKeys keys, AuditSealChain chain)
{
    /// <summary>Completions written whole without a begin: the same link each time one is written again.</summary>
    private readonly ConditionalWeakTable<AuditCompletion, AuditSealState> _unbegun = [];

    /// <summary>This process's chain id, also its instance name on rejection summary rows.</summary>
    public string Chain => chain.Id;

    /// <summary>The key to seal with now (<c>null</c>: write unsealed).</summary>
    public ValueTask<AuditSealKey?> KeyAsync(CancellationToken cancellationToken) => keys.CurrentAsync(cancellationToken);

    /// <summary>
    /// Seals a plan whose record row is written now for the first time (begun, or written whole): its continuation
    /// rows, then the record row as the next link. <c>null</c> without a key.
    /// </summary>
    public AuditSealState? SealNew(AuditWritePlan plan, AuditSealKey? key)
    {
        if (key is null)
        {
            return null;
        }

        var parts = SealParts(key, plan.ContinuationRows, new Dictionary<string, string>(StringComparer.Ordinal));
        var record = RecordRow(plan);
        var link = chain.Next(key, record.PartitionKey, record.RowKey, AuditSeal.LinkDigest(record, AuditSeal.Parts(record, parts.GetValueOrDefault)));
        link.Apply(record);
        return new AuditSealState(key, link, record, parts);
    }

    /// <summary>Seals a row that has no continuation rows (a rejection summary) as the next link; <c>null</c> without a key.</summary>
    public AuditSealLink? SealRow(TableEntity row, AuditSealKey? key)
    {
        if (key is null)
        {
            return null;
        }

        var link = chain.Next(key, row.PartitionKey, row.RowKey, AuditSeal.LinkDigest(row, []));
        link.Apply(row);
        return link;
    }

    /// <summary>
    /// Seals a completion's plan. With the begin's <paramref name="begun"/> state: the completion's continuation rows,
    /// and a completion seal over the whole final row (the begun row plus what this write merges, or, unless
    /// <paramref name="startWritten"/>, the whole row written again with the begin's link). Without one: the record
    /// is written whole as a new link, the same one however often this completion is written.
    /// </summary>
    public async Task SealCompletionAsync(AuditWritePlan plan, AuditCompletion completion, AuditSealState? begun, bool startWritten, CancellationToken cancellationToken)
    {
        if (begun is not null)
        {
            SealCompletion(plan, begun, startWritten);
        }
        else if (_unbegun.TryGetValue(completion, out var earlier))
        {
            SealParts(earlier.Key, plan.ContinuationRows, new Dictionary<string, string>(StringComparer.Ordinal));
            earlier.Link.Apply(RecordRow(plan));
        }
        else if (!startWritten && SealNew(plan, await KeyAsync(cancellationToken).ConfigureAwait(false)) is { } state)
        {
            // (A begin written unsealed, for want of a key then, stays unsealed: a link over half a row would read as changed.)
            _unbegun.AddOrUpdate(completion, state);
        }
    }

    /// <summary>Seals a completion written with its begin's state (see <see cref="SealCompletionAsync"/>).</summary>
    public void SealCompletion(AuditWritePlan plan, AuditSealState begun, bool startWritten)
    {
        var parts = SealParts(begun.Key, plan.ContinuationRows, new Dictionary<string, string>(begun.Parts, StringComparer.Ordinal));
        var record = RecordRow(plan);
        TableEntity whole;
        if (startWritten)
        {
            whole = new TableEntity(begun.Record);
            foreach (var (name, value) in record)
            {
                whole[name] = value;
            }
        }
        else
        {
            begun.Link.Apply(record);
            whole = record;
        }

        record[P.CompletionSeal] = AuditSeal.Completion(begun.Key, whole, AuditSeal.Parts(whole, parts.GetValueOrDefault));
        record[P.CompletionSealKey] = begun.Key.Id;
    }

    private static Dictionary<string, string> SealParts(AuditSealKey key, IReadOnlyList<TableEntity> rows, Dictionary<string, string> parts)
    {
        foreach (var row in rows)
        {
            AuditSeal.SealPart(key, row);
            parts[row.RowKey] = (string)row[P.Seal];
        }

        return parts;
    }

    private static TableEntity RecordRow(AuditWritePlan plan) => (TableEntity)plan.RecordWrite[0].Entity;
}
