using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Functions.Core.Audit;

public sealed partial class AuditReader
{
    /// <summary>
    /// Every record of a query, or of the whole table when <paramref name="query"/> is <c>null</c> (then in key
    /// order, not newest first: a scan, as an export of everything is), with its texts reassembled.
    /// </summary>
    public async IAsyncEnumerable<AuditRecord> ExportAsync(AuditQuery? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query is not null)
        {
            await foreach (var summary in QueryAsync(query, cancellationToken).ConfigureAwait(false))
            {
                if (await GetRecordAsync(summary.RecordPartitionKey, summary.RecordRowKey, cancellationToken).ConfigureAwait(false) is { } record)
                {
                    yield return record;
                }
            }

            yield break;
        }

        // Record rows are in day lanes (partition keys start with the day's digits, the request id index's with r-) and
        // start with the digits of their inverted ticks; index, summary and continuation rows do not.
        const string records = "PartitionKey ge '0' and PartitionKey lt ':' and RowKey ge '0' and RowKey lt ':'";
        await foreach (var head in ReadAllAsync(records, null, cancellationToken).ConfigureAwait(false))
        {
            yield return await ReassembleAsync(head, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every row of the audit table with every stored property, for checks over everything stored.</summary>
    public async IAsyncEnumerable<AuditStoredRow> ScanAllRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in ReadAllAsync(null, null, cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditStoredRow(tables.Records.Name, entity);
        }
    }

    private IAsyncEnumerable<TableEntity> ReadAllAsync(string? filter, IEnumerable<string>? select, CancellationToken cancellationToken) =>
        AuditTableQuery.ReadAllAsync(tables.Records, filter, select, cancellationToken);

    /// <summary>Merges streams each sorted by row key into one sorted stream (newest first, given inverted ticks).</summary>
    private static async IAsyncEnumerable<TableEntity> MergeByRowKeyAsync(IReadOnlyList<IAsyncEnumerable<TableEntity>> sources, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerators = sources.Select(s => s.GetAsyncEnumerator(cancellationToken)).ToList();
        try
        {
            var queue = new PriorityQueue<int, string>(StringComparer.Ordinal);
            var first = await Task.WhenAll(enumerators.Select(e => e.MoveNextAsync().AsTask())).ConfigureAwait(false);
            for (var i = 0; i < first.Length; i++)
            {
                if (first[i])
                {
                    queue.Enqueue(i, enumerators[i].Current.RowKey);
                }
            }

            while (queue.TryDequeue(out var index, out _))
            {
                yield return enumerators[index].Current;
                if (await enumerators[index].MoveNextAsync().ConfigureAwait(false))
                {
                    queue.Enqueue(index, enumerators[index].Current.RowKey);
                }
            }
        }
        finally
        {
            foreach (var enumerator in enumerators)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
