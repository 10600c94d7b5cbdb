using System.Runtime.CompilerServices;
using Azure;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit;

/// <summary>
/// Answers the reviewers' questions from the keys, never with a scan of the whole table: one day's calls newest
/// first (the day's lanes merged), one caller's calls over a range (the caller index rows of those days' lanes),
/// flagged calls over a range (the flagged index rows), one call by request id (the request id index) with its
/// texts reassembled, and the rejection summaries of a range.
/// </summary>
public sealed partial class AuditReader(AuditTables tables)
{
    /// <summary>What a listing reads: the summary and the keys (a <c>$select</c> leaves the keys out unless named).</summary>
    private static readonly string[] s_listing = [.. P.Summary, "PartitionKey", "RowKey"];

    /// <summary>One UTC day's calls, newest first.</summary>
    public IAsyncEnumerable<AuditSummary> ListDayAsync(DateOnly day, CancellationToken cancellationToken) =>
        QueryAsync(new AuditQuery { From = new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero), To = new DateTimeOffset(day, TimeOnly.MaxValue, TimeSpan.Zero) }, cancellationToken);

    /// <summary>One caller's calls between two times, newest first (calls appear once completed).</summary>
    public IAsyncEnumerable<AuditSummary> ListByCallerAsync(string caller, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        QueryAsync(new AuditQuery { From = from, To = to, Caller = caller }, cancellationToken);

    /// <summary>Flagged calls (<c>NeedClearHistory</c> true or <c>Flag</c> ≥ 1) between two times, newest first.</summary>
    public IAsyncEnumerable<AuditSummary> ListFlaggedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        QueryAsync(new AuditQuery { From = from, To = to, FlaggedOnly = true }, cancellationToken);

    /// <summary>
    /// The calls a query asks for, newest first, read from the rows that fit it (the caller or flagged index, else the
    /// day lanes' record rows); with <see cref="AuditQuery.Contains"/>, from a scan of the range's whole records.
    /// </summary>
    public async IAsyncEnumerable<AuditSummary> QueryAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Contains is not null)
        {
            await foreach (var record in SearchAsync(query, cancellationToken).ConfigureAwait(false))
            {
                yield return record.Summary;
            }

            yield break;
        }

        var prefix = query switch
        {
            { FlaggedOnly: true } => AuditKeys.FlaggedPrefix,
            { Caller: { } caller } => AuditKeys.CallerRowPrefix(caller),
            _ => "",
        };
        var extra = Filters(query, byCaller: query is { FlaggedOnly: true }, byFlagged: false);

        var from = prefix + AuditKeys.InvertedTicks(query.To);
        var to = prefix + AuditKeys.InvertedTicksAfter(query.From);
        for (var day = query.To.UtcDateTime.Date; day >= query.From.UtcDateTime.Date; day = day.AddDays(-1))
        {
            var sources = AuditKeys.LanePartitions(AuditKeys.Day(new DateTimeOffset(day, TimeSpan.Zero)))
                .Select(partition => ReadAllAsync(RangeFilter(partition, from, to, extra), s_listing, cancellationToken))
                .ToList();
            await foreach (var entity in MergeByRowKeyAsync(sources, cancellationToken).ConfigureAwait(false))
            {
                yield return AuditSummary.FromEntity(entity);
            }
        }
    }

    /// <summary>
    /// Every record with this request id (usually one), newest first, texts reassembled: for an id that carries its
    /// own time, the record's row in each lane of that day; for any id, the rows the request id index points at.
    /// </summary>
    public async Task<IReadOnlyList<AuditRecord>> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var locations = new List<(string PartitionKey, string RowKey)>();
        if (AuditKeys.SelfLocation(requestId) is { } self)
        {
            locations.AddRange(AuditKeys.LanePartitions(self.Day).Select(partition => (partition, self.RowKey)));
        }

        var prefix = AuditKeys.RequestRowPrefix(requestId);
        var filter = RangeFilter(AuditKeys.RequestPartition(requestId), prefix, PrefixEnd(prefix), []);
        await foreach (var pointer in ReadAllAsync(filter, [P.RecordPartitionKey, P.RecordRowKey], cancellationToken).ConfigureAwait(false))
        {
            if (AuditValues.String(pointer, P.RecordPartitionKey) is { } partitionKey && AuditValues.String(pointer, P.RecordRowKey) is { } rowKey)
            {
                locations.Add((partitionKey, rowKey));
            }
        }

        var found = await Task.WhenAll(locations.Distinct().Select(l => GetRecordAsync(l.PartitionKey, l.RowKey, cancellationToken))).ConfigureAwait(false);
        return found.OfType<AuditRecord>().Where(r => r.Summary.RequestId == requestId).OrderByDescending(r => r.Summary.Time).ToList();
    }

    /// <summary>The whole record at the given keys, or <c>null</c>.</summary>
    public async Task<AuditRecord?> GetRecordAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> head;
        try
        {
            head = await tables.Records.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            return null;
        }


        return head.HasValue ? await ReassembleAsync(head.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The rejection summary rows written between two times (by their interval's end), newest first.</summary>
    public async IAsyncEnumerable<AuditRejectionSummary> ListRejectionSummariesAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var low = AuditKeys.SummaryPrefix + AuditKeys.InvertedTicks(to);
        var high = AuditKeys.SummaryPrefix + AuditKeys.InvertedTicksAfter(from);
        for (var day = to.UtcDateTime.Date; day >= from.UtcDateTime.Date; day = day.AddDays(-1))
        {
            var sources = AuditKeys.LanePartitions(AuditKeys.Day(new DateTimeOffset(day, TimeSpan.Zero)))
                .Select(partition => ReadAllAsync(RangeFilter(partition, low, high, []), null, cancellationToken))
                .ToList();
            await foreach (var entity in MergeByRowKeyAsync(sources, cancellationToken).ConfigureAwait(false))
            {
                yield return AuditRejectionSummary.FromEntity(entity);
            }
        }
    }

    private async Task<AuditRecord> ReassembleAsync(TableEntity head, CancellationToken cancellationToken)
    {
        IReadOnlyList<TableEntity> continuation = [];
        if (head.Keys.Any(k => k.EndsWith("_Rows", StringComparison.Ordinal)))
        {
            var prefix = $"{AuditKeys.ContinuationPrefix}{head.RowKey}.";
            continuation = await ReadAllAsync(RangeFilter(head.PartitionKey, prefix, PrefixEnd(prefix), []), null, cancellationToken)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        return AuditRecord.FromRows(head, continuation);
    }

    /// <summary>The conditions a query puts on the rows it reads (index rows carry the same listing properties as record rows).</summary>
    private static List<string> Filters(AuditQuery query, bool byCaller, bool byFlagged)
    {
        var extra = new List<string>();
        if (query.Model is not null)
        {
            extra.Add(TableClient.CreateQueryFilter($"Model eq {query.Model}"));
        }

        if (byCaller && query.Caller is { } caller)
        {
            extra.Add(TableClient.CreateQueryFilter($"Caller eq {caller}"));
        }

        if (byFlagged && query.FlaggedOnly)
        {
            extra.Add(TableClient.CreateQueryFilter($"Flagged eq {true}"));
        }

        if (query.Outcome is not null)
        {
            extra.Add(TableClient.CreateQueryFilter($"Outcome eq {query.Outcome}"));
        }

        if (query.Route is not null)
        {
            extra.Add(TableClient.CreateQueryFilter($"Route eq {query.Route}"));
        }

        if (query.Status is { } status)
        {
            extra.Add(TableClient.CreateQueryFilter($"Status eq {status}"));
        }

        return extra;
    }

    private static string RangeFilter(string partitionKey, string from, string to, IEnumerable<string> extra) => AuditTableQuery.RangeFilter(partitionKey, from, to, extra);

    private static string PrefixEnd(string prefix) => AuditTableQuery.PrefixEnd(prefix);
}
