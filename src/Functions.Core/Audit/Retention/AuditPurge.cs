using Azure;
using Functions.Core.Audit.Seals;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit.Retention;

/// <summary>
/// <c>audit purge --before DATE</c>: deletes every row of every UTC day before <c>DATE</c> (the days' 16 lanes:
/// records, index, continuation and summary rows, in transactions of up to 100) and the request id index rows that
/// point into them, then writes a purge entry (range, counts, who, when), sealed as the next link of the purge chain,
/// which <c>audit verify</c> honours. Days are found by skipping from one existing partition to the next, so empty
/// years cost nothing. Running it again is harmless: it deletes what is left and writes another entry.
/// </summary>
public sealed class AuditPurge(AuditTables tables, AuditSealKeyRing keys, TimeProvider time)
{
    private const int TableWriteLimit = 100;
    private static readonly string[] s_keysOnly = ["PartitionKey", "RowKey"];

    /// <summary>Deletes the days before <paramref name="before"/> (which must not be after today, UTC) and records the purge.</summary>
    /// <exception cref="InvalidOperationException">No current seal key, or <paramref name="before"/> lies in the future.</exception>
    public async Task<AuditPurgeEntry> PurgeAsync(DateOnly before, string by, bool dryRun, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var key = keys.Current ?? throw new InvalidOperationException("No audit-seal-key: a purge entry must be sealed (set the secret audit-seal-key).");
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (before > today)
        {
            throw new InvalidOperationException($"--before {before:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}, UTC): only past days can be purged.");
        }

        long days = 0, records = 0, rows = 0;
        DateOnly? first = null, last = null;
        await foreach (var day in DaysBeforeAsync(before, cancellationToken).ConfigureAwait(false))
        {
            var dayKey = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var counts = await Task.WhenAll(AuditKeys.LanePartitions(dayKey).Select(lane => DeleteAsync(lane, dryRun, cancellationToken))).ConfigureAwait(false);
            days++;
            records += counts.Sum(c => c.Records);
            rows += counts.Sum(c => c.Rows);
            first ??= day;
            last = day;
            progress?.Report($"purge: {day:yyyy-MM-dd}: {counts.Sum(c => c.Records)} records, {counts.Sum(c => c.Rows)} rows{(dryRun ? " (dry run: nothing deleted)" : " deleted")}");
        }

        rows += await DeleteRequestIndexAsync(before, dryRun, cancellationToken).ConfigureAwait(false);
        var entry = new AuditPurgeEntry { Seq = 0, Before = before, FirstDay = first, LastDay = last, Days = days, Records = records, Rows = rows, By = by, At = time.GetUtcNow() };
        return dryRun ? entry : await WriteEntryAsync(entry, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The days before <paramref name="before"/> that have rows, oldest first: one query per day found.</summary>
    private IAsyncEnumerable<DateOnly> DaysBeforeAsync(DateOnly before, CancellationToken cancellationToken) =>
        AuditTableQuery.DaysAsync(tables.Records, DateOnly.MinValue, before.AddDays(-1), cancellationToken);

    private async Task<(long Records, long Rows)> DeleteAsync(string partition, bool dryRun, CancellationToken cancellationToken)
    {
        long records = 0, rows = 0;
        var batch = new List<TableTransactionAction>(TableWriteLimit);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var row in AuditTableQuery.ReadAllAsync(tables.Records, filter, s_keysOnly, cancellationToken).ConfigureAwait(false))
        {
            rows++;
            records += char.IsAsciiDigit(row.RowKey[0]) ? 1 : 0;
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            if (batch.Count == TableWriteLimit)
            {
                await SubmitAsync(batch, dryRun, cancellationToken).ConfigureAwait(false);
            }
        }

        await SubmitAsync(batch, dryRun, cancellationToken).ConfigureAwait(false);
        return (records, rows);
    }

    /// <summary>Request id index rows (ids that do not place their record) pointing into the purged days.</summary>
    private async Task<long> DeleteRequestIndexAsync(DateOnly before, bool dryRun, CancellationToken cancellationToken)
    {
        long rows = 0;
        var end = before.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        for (var h = 0; h < AuditKeys.RequestIndexPartitionCount; h++)
        {
            var batch = new List<TableTransactionAction>(TableWriteLimit);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {$"r-{h:D2}"} and {P.RecordPartitionKey} lt {end}");
            await foreach (var row in AuditTableQuery.ReadAllAsync(tables.Records, filter, s_keysOnly, cancellationToken).ConfigureAwait(false))
            {
                rows++;
                batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
                if (batch.Count == TableWriteLimit)
                {
                    await SubmitAsync(batch, dryRun, cancellationToken).ConfigureAwait(false);
                }
            }

            await SubmitAsync(batch, dryRun, cancellationToken).ConfigureAwait(false);
        }

        return rows;
    }

    private async Task SubmitAsync(List<TableTransactionAction> batch, bool dryRun, CancellationToken cancellationToken)
    {
        if (batch.Count > 0 && !dryRun)
        {
            try
            {
                await tables.Records.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // A row deleted meanwhile (another purge): delete the others one by one.
                foreach (var action in batch)
                {
                    await tables.Records.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        batch.Clear();
    }

    /// <summary>Writes the entry as the next link of the purge chain; another purge writing the same number first makes it try the next.</summary>
    private async Task<AuditPurgeEntry> WriteEntryAsync(AuditPurgeEntry entry, AuditSealKey key, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            TableEntity? last = null;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AuditPurgeEntry.PartitionKey}");
            await foreach (var entryRow in AuditTableQuery.ReadAllAsync(tables.Records, filter, null, cancellationToken).ConfigureAwait(false))
            {
                last = entryRow;
            }

            var previous = last is null ? null : AuditSealLink.Read(last);
            var numbered = entry with { Seq = (previous?.Seq ?? 0) + 1 };
            var row = numbered.ToEntity();
            var prevRow = last is null ? null : AuditSealLink.RowName(last.PartitionKey, last.RowKey);
            var link = new AuditSealLink(AuditPurgeEntry.Chain, numbered.Seq, previous?.Seal, prevRow, key.Id,
                AuditSeal.Link(key, AuditSeal.LinkDigest(row, []), AuditPurgeEntry.Chain, numbered.Seq, previous?.Seal, prevRow));
            link.Apply(row);
            try
            {
                await tables.Records.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                return numbered;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Another purge took this number first.
            }
        }
    }
}
