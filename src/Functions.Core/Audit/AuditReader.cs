using System.Runtime.CompilerServices;
using Functions.Core.Audit.Tables;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit;

/// <summary>
/// Answers the reviewers' questions from the keys: one day's calls newest first (its shards merged), one
/// caller's calls over a range (the caller index), flagged calls over a range (the flagged index), one call by
/// request id (the request id index) with its texts reassembled, and a scan of every stored row.
/// </summary>
public sealed partial class AuditReader(AuditTables tables)
{
    /// <summary>One UTC day's calls, newest first.</summary>
    public IAsyncEnumerable<AuditSummary> ListDayAsync(DateOnly day, CancellationToken cancellationToken) =>
        QueryAsync(new AuditQuery { From = new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero), To = new DateTimeOffset(day, TimeOnly.MaxValue, TimeSpan.Zero) }, cancellationToken);

    /// <summary>One caller's calls between two times, newest first.</summary>
    public IAsyncEnumerable<AuditSummary> ListByCallerAsync(string caller, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        QueryAsync(new AuditQuery { From = from, To = to, Caller = caller }, cancellationToken);

    /// <summary>Flagged calls (<c>NeedClearHistory</c> true or <c>Flag</c> ≥ 1) between two times, newest first.</summary>
    public IAsyncEnumerable<AuditSummary> ListFlaggedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        QueryAsync(new AuditQuery { From = from, To = to, FlaggedOnly = true }, cancellationToken);

    /// <summary>The calls a query asks for, newest first, read from the index that fits it.</summary>
    public async IAsyncEnumerable<AuditSummary> QueryAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rowRange = TableFilter.And(
            TableFilter.GreaterOrEqual("RowKey", AuditKeys.InvertedTicks(query.To)),
            TableFilter.LessThan("RowKey", NextInvertedTicks(query.From)));
        var extra = TableFilter.And(
            query.Model is null ? null : TableFilter.Equal(P.Model, query.Model),
            query.FlaggedOnly && query.Caller is not null ? TableFilter.Equal(P.Caller, query.Caller) : null);
        var select = P.Summary;

        for (var day = query.To.UtcDateTime.Date; day >= query.From.UtcDateTime.Date; day = day.AddDays(-1))
        {
            var dayKey = AuditKeys.Day(new DateTimeOffset(day, TimeSpan.Zero));
            var (table, partitions) = query switch
            {
                { FlaggedOnly: true } => (tables.Index, new[] { AuditKeys.FlaggedPartition(dayKey) }),
                { Caller: { } caller } => (tables.Index, Enumerable.Range(0, AuditKeys.ShardCount).Select(s => AuditKeys.CallerPartition(caller, dayKey, s)).ToArray()),
                _ => (tables.Records, AuditKeys.RecordPartitions(dayKey).ToArray()),
            };
            var sources = partitions
                .Select(p => ReadAllAsync(table, new TableQuery { Filter = TableFilter.And(TableFilter.Equal("PartitionKey", p), rowRange, extra), Select = select }, cancellationToken))
                .ToList();
            await foreach (var entity in MergeByRowKeyAsync(sources, cancellationToken).ConfigureAwait(false))
            {
                yield return AuditSummary.FromEntity(entity);
            }
        }
    }

    /// <summary>Every record with this request id (usually one), newest first, texts reassembled.</summary>
    public async Task<IReadOnlyList<AuditRecord>> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var filter = TableFilter.And(
            TableFilter.Equal("PartitionKey", AuditKeys.RequestPartition(requestId)),
            TableFilter.StartsWith("RowKey", AuditKeys.RequestRowPrefix(requestId)));
        var records = new List<AuditRecord>();
        await foreach (var pointer in ReadAllAsync(tables.Index, new TableQuery { Filter = filter, Select = [P.RecordPartitionKey, P.RecordRowKey] }, cancellationToken).ConfigureAwait(false))
        {
            var record = await GetRecordAsync(pointer.GetString(P.RecordPartitionKey)!, pointer.GetString(P.RecordRowKey)!, cancellationToken).ConfigureAwait(false);
            if (record is not null && record.Summary.RequestId == requestId)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>The whole record at the given keys, or <c>null</c>.</summary>
    public async Task<AuditRecord?> GetRecordAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        TableEntity? head;
        try
        {
            head = await tables.Records.GetEntityAsync(partitionKey, rowKey, null, cancellationToken).ConfigureAwait(false);
        }
        catch (TableServiceException e) when (e.ErrorCode == "TableNotFound")
        {
            return null;
        }

        return head is null ? null : await ReassembleAsync(head, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AuditRecord> ReassembleAsync(TableEntity head, CancellationToken cancellationToken)
    {
        IReadOnlyList<TableEntity> continuation = [];
        if (head.Keys.Any(k => k.EndsWith("_Rows", StringComparison.Ordinal)))
        {
            var filter = TableFilter.And(
                TableFilter.Equal("PartitionKey", head.PartitionKey),
                TableFilter.StartsWith("RowKey", $"{AuditKeys.ContinuationPrefix}{head.RowKey}."));
            continuation = await ReadAllAsync(tables.Records, new TableQuery { Filter = filter }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        return AuditRecord.FromRows(head, continuation);
    }

    private static string NextInvertedTicks(DateTimeOffset from) =>
        (DateTimeOffset.MaxValue.UtcTicks - from.UtcTicks + 1).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
