using Functions.Core.Audit.Retention;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit.Seals;

/// <summary>
/// <c>audit verify</c>: reads every record, continuation and rejection summary row of a range (the range's part of
/// each day's lanes, lanes in parallel), checks each row's seal with the key its seal names, then walks the chains:
/// every link must be there, or lie outside the range (read to make sure), in a purged day, or be declared lost by its
/// writer. Reports by request id every changed record, forged row, gap and record that never completed.
/// </summary>
public sealed partial class AuditVerifier(AuditTables tables, AuditSealKeyRing keys, TimeProvider time)
{
    /// <summary>Records begun less than this before the verify runs may still be under way: not reported as incomplete.</summary>
    public static readonly TimeSpan OpenGrace = TimeSpan.FromHours(1);

    /// <summary>The most rows read outside the range to close one hole.</summary>
    private const int MaxWalk = 1_000;

    /// <summary>Checks the rows whose times are in [<paramref name="from"/>, <paramref name="to"/>]; reports progress per day.</summary>
    public async Task<AuditVerification> VerifyAsync(DateTimeOffset from, DateTimeOffset to, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var run = new VerifyRun(from, to, time.GetUtcNow());
        await ReadPurgesAsync(run, cancellationToken).ConfigureAwait(false);
        // Only days that have rows are read (an empty day has no links either).
        await foreach (var day in AuditTableQuery.DaysAsync(tables.Records, DateOnly.FromDateTime(from.UtcDateTime), DateOnly.FromDateTime(to.UtcDateTime), cancellationToken)
            .ConfigureAwait(false))
        {
            var dayKey = AuditKeys.Day(new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero));
            var lanes = await Task.WhenAll(AuditKeys.LanePartitions(dayKey).Select(partition => Task.Run(() => ReadLaneAsync(run, partition, cancellationToken), cancellationToken)))
                .ConfigureAwait(false);
            foreach (var lane in lanes)
            {
                run.Add(lane);
            }

            run.Links.EndDay();
            progress?.Report($"verify: {dayKey}: {run.Records} records so far ({time.GetElapsedTime(started).TotalSeconds:F0} s)");
        }

        await ReadLateDeclarationsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Links.SettleInvalid();
        await WalkHolesAsync(run, cancellationToken).ConfigureAwait(false);
        return new AuditVerification
        {
            From = from,
            To = to,
            Records = run.Records,
            ContinuationRows = run.ContinuationRows,
            Summaries = run.Summaries,
            Chains = run.Links.ChainCount,
            LinksOutsideRange = run.OutsideRange,
            Open = run.Open,
            DeclaredLost = run.DeclaredLostUsed,
            Purged = run.PurgedLinks,
            Purges = run.Purges.Where(p => DateOnly.FromDateTime(from.UtcDateTime) < p.Before).ToList(),
            Findings = [.. run.Findings.Concat(run.Links.Findings).OrderBy(f => f.Time ?? DateTimeOffset.MinValue).ThenBy(f => f.Kind).ThenBy(f => f.RequestId, StringComparer.Ordinal)],
            Elapsed = time.GetElapsedTime(started),
        };
    }

    /// <summary>Reads and checks one lane's part of the range: continuation rows first (records point at them), then records and summaries.</summary>
    private async Task<LaneResult> ReadLaneAsync(VerifyRun run, string partition, CancellationToken cancellationToken)
    {
        var result = new LaneResult();
        var parts = new Dictionary<string, PartCheck>(StringComparer.Ordinal);
        var low = AuditKeys.InvertedTicks(run.To);
        var high = AuditKeys.InvertedTicksAfter(run.From);
        await foreach (var row in Read(partition, AuditKeys.ContinuationPrefix + low, AuditKeys.ContinuationPrefix + high, cancellationToken).ConfigureAwait(false))
        {
            parts[row.RowKey] = CheckPart(row);
        }

        result.ContinuationRows = parts.Count;
        await foreach (var row in Read(partition, low, high, cancellationToken).ConfigureAwait(false))
        {
            CheckRecord(run, row, parts, result);
        }

        await foreach (var row in Read(partition, AuditKeys.SummaryPrefix + low, AuditKeys.SummaryPrefix + high, cancellationToken).ConfigureAwait(false))
        {
            CheckSummary(row, result);
        }

        foreach (var (rowKey, part) in parts.Where(p => !p.Value.Referenced && p.Value.Problem is not null))
        {
            // A continuation row no record points at (a step whose record write failed), whose own seal fails.
            var recordKey = rowKey[1..rowKey.IndexOf('.', StringComparison.Ordinal)];
            var parsed = AuditKeys.ParseRowKey(recordKey);
            result.Findings.Add(new(part.Kind, parsed?.RequestId, parsed?.Time, $"a continuation row no record points at: {part.Problem}"));
        }

        return result;
    }

    private IAsyncEnumerable<TableEntity> Read(string partition, string from, string to, CancellationToken cancellationToken) =>
        AuditTableQuery.ReadAllAsync(tables.Records, AuditTableQuery.RangeFilter(partition, from, to, []), null, cancellationToken);

    /// <summary>Reads the purge entries and checks them as the links of their own chain.</summary>
    private async Task ReadPurgesAsync(VerifyRun run, CancellationToken cancellationToken)
    {
        AuditPurgeEntry? previous = null;
        string? previousSeal = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AuditPurgeEntry.PartitionKey}");
        await foreach (var row in AuditTableQuery.ReadAllAsync(tables.Records, filter, null, cancellationToken).ConfigureAwait(false))
        {
            var entry = AuditPurgeEntry.FromEntity(row);
            var link = AuditSealLink.Read(row);
            var key = keys.Find(link?.KeyId);
            var at = entry?.At;
            if (entry is null || link is null || key is null || link.Chain != AuditPurgeEntry.Chain || link.Seq != entry.Seq || !AuditSeal.VerifiesLink(key, row, link, []))
            {
                run.Findings.Add(new(AuditVerifyFindingKind.Forged, null, at, $"purge entry {row.RowKey} is not sealed by a known key; the days it names are not taken as purged"));
                continue;
            }

            var expected = (previous?.Seq ?? 0) + 1;
            if (entry.Seq != expected || !string.Equals(link.Prev, previousSeal, StringComparison.Ordinal))
            {
                run.Findings.Add(new(AuditVerifyFindingKind.Gap, null, at, $"purge entry #{entry.Seq} follows #{expected - 1}: purge entries before it were deleted"));
            }

            run.Purges.Add(entry);
            (previous, previousSeal) = (entry, link.Seal);
        }
    }

    /// <summary>Links lost at the range's end are declared in the next summaries: read those of the following hour.</summary>
    private async Task ReadLateDeclarationsAsync(VerifyRun run, CancellationToken cancellationToken)
    {
        var after = run.To.AddTicks(1);
        var until = run.To.AddHours(1);
        var low = AuditKeys.SummaryPrefix + AuditKeys.InvertedTicks(until);
        var high = AuditKeys.SummaryPrefix + AuditKeys.InvertedTicksAfter(after);
        foreach (var day in new[] { after, until }.Select(AuditKeys.Day).Distinct(StringComparer.Ordinal))
        {
            foreach (var partition in AuditKeys.LanePartitions(day))
            {
                await foreach (var row in Read(partition, low, high, cancellationToken).ConfigureAwait(false))
                {
                    var scratch = new LaneResult();
                    CheckSummary(row, scratch);
                    run.Lost.UnionWith(scratch.Lost);
                }
            }
        }
    }

    private static string Describe(string? requestId) => requestId ?? "a rejection summary";

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static bool IsCompleted(TableEntity row) => row.ContainsKey(P.Outcome) || row.ContainsKey(AuditTextLayout.ChunksName(P.Outcome));
}
