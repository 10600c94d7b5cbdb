using System.Runtime.CompilerServices;
using Azure;

namespace Functions.Core.Audit;

public sealed partial class AuditReader
{
    /// <summary>
    /// Every record of a query, newest first, texts reassembled; with <paramref name="query"/> <c>null</c>, every record
    /// of the table (the days that have rows are found by skipping from one partition to the next, newest day first).
    /// </summary>
    public async IAsyncEnumerable<AuditRecord> ExportAsync(AuditQuery? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query is { UsesIndex: true })
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

        if (query is not null)
        {
            await foreach (var record in SearchAsync(query, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }

            yield break;
        }

        var days = await DaysAsync(cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var day in Enumerable.Reverse(days))
        {
            var all = new AuditQuery { From = new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero), To = new DateTimeOffset(day, TimeOnly.MaxValue, TimeSpan.Zero) };
            await foreach (var record in SearchAsync(all, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// The whole records of a query's range that fit it, newest first: every record row of the range's day lanes (a scan
    /// of the range), filtered by the service where a property on the record row decides, then by
    /// <see cref="AuditQuery.Contains"/> over the reassembled prompt and response.
    /// </summary>
    public async IAsyncEnumerable<AuditRecord> SearchAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var extra = Filters(query, byCaller: true, byFlagged: true);
        var from = AuditKeys.InvertedTicks(query.To);
        var to = AuditKeys.InvertedTicksAfter(query.From);
        for (var day = query.To.UtcDateTime.Date; day >= query.From.UtcDateTime.Date; day = day.AddDays(-1))
        {
            var sources = AuditKeys.LanePartitions(AuditKeys.Day(new DateTimeOffset(day, TimeSpan.Zero)))
                .Select(partition => ReadAllAsync(RangeFilter(partition, from, to, extra), null, cancellationToken))
                .ToList();
            await foreach (var head in MergeByRowKeyAsync(sources, cancellationToken).ConfigureAwait(false))
            {
                var record = await ReassembleAsync(head, cancellationToken).ConfigureAwait(false);
                if (query.Contains is not { } text || Contains(record.PromptReceived, text) || Contains(record.PromptSent, text) || Contains(record.ResponseText, text))
                {
                    yield return record;
                }
            }
        }
    }

    /// <summary>The UTC days that have rows, oldest first: one query per day found.</summary>
    public IAsyncEnumerable<DateOnly> DaysAsync(CancellationToken cancellationToken) =>
        AuditTableQuery.DaysAsync(tables.Records, DateOnly.MinValue, DateOnly.MaxValue.AddDays(-1), cancellationToken);

    private static bool Contains(string? text, string value) => text is not null && text.Contains(value, StringComparison.OrdinalIgnoreCase);

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
