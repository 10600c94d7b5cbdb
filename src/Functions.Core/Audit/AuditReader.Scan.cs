using System.Runtime.CompilerServices;
using Functions.Core.Audit.Tables;

namespace Functions.Core.Audit;

public sealed partial class AuditReader
{
    /// <summary>
    /// Every record of a query, or of the whole table when <paramref name="query"/> is <c>null</c> (then in key
    /// order, not newest first), with its texts reassembled.
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

        var heads = new TableQuery { Filter = TableFilter.LessThan("RowKey", AuditKeys.ContinuationPrefix) };
        await foreach (var head in ReadAllAsync(tables.Records, heads, cancellationToken).ConfigureAwait(false))
        {
            yield return await ReassembleAsync(head, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every row of both audit tables with every stored property, for checks over everything stored.</summary>
    public async IAsyncEnumerable<AuditStoredRow> ScanAllRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var table in new[] { tables.Records, tables.Index })
        {
            await foreach (var entity in ReadAllAsync(table, new TableQuery(), cancellationToken).ConfigureAwait(false))
            {
                yield return new AuditStoredRow(table.Name, entity);
            }
        }
    }

    /// <summary>Every page of a query; a table that does not exist yet reads as empty.</summary>
    private static async IAsyncEnumerable<TableEntity> ReadAllAsync(ITableClient table, TableQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableContinuationToken? continuation = null;
        do
        {
            TablePage page;
            try
            {
                page = await table.QueryPageAsync(query, continuation, cancellationToken).ConfigureAwait(false);
            }
            catch (TableServiceException e) when (e.ErrorCode == "TableNotFound")
            {
                yield break;
            }

            foreach (var entity in page.Entities)
            {
                yield return entity;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

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
