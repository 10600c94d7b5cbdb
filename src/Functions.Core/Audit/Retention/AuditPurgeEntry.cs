using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit.Retention;

/// <summary>
/// What one <c>audit purge</c> deleted: every day before <see cref="Before"/>, with counts, who and when. Purge entries
/// live in the partition <see cref="PartitionKey"/>, one row per purge numbered from 1 (<see cref="Seq"/>), each sealed
/// as a link of the chain <see cref="Chain"/>, so a deleted or forged entry shows.
/// </summary>
public sealed record AuditPurgeEntry
{
    /// <summary>The partition of purge entries.</summary>
    public const string PartitionKey = "purge";

    /// <summary>The chain purge entries are links of.</summary>
    public const string Chain = "purge";

    /// <summary>The entry's number, from 1.</summary>
    public required long Seq { get; init; }

    /// <summary>Every day before this one was deleted.</summary>
    public required DateOnly Before { get; init; }

    /// <summary>The first and last day that had rows, when any had.</summary>
    public DateOnly? FirstDay { get; init; }

    public DateOnly? LastDay { get; init; }

    /// <summary>Days that had rows.</summary>
    public long Days { get; init; }

    /// <summary>Record rows deleted (calls and rejected requests).</summary>
    public long Records { get; init; }

    /// <summary>Rows deleted in all (records, index, continuation and summary rows).</summary>
    public long Rows { get; init; }

    /// <summary>Who ran the purge.</summary>
    public required string By { get; init; }

    /// <summary>When the purge finished.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The row key of entry <paramref name="seq"/>.</summary>
    public static string RowKeyOf(long seq) => seq.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The entry as a row (unsealed).</summary>
    public TableEntity ToEntity()
    {
        var row = new TableEntity(PartitionKey, RowKeyOf(Seq))
        {
            [P.SchemaVersion] = AuditRecordWriter.SchemaVersion,
            [P.PurgedBefore] = Day(Before),
            [P.Days] = Days,
            [P.Records] = Records,
            [P.Rows] = Rows,
            [P.PurgedBy] = By,
            [P.PurgedAt] = At,
        };
        if (FirstDay is { } first && LastDay is { } last)
        {
            row[P.FirstDay] = Day(first);
            row[P.LastDay] = Day(last);
        }

        return row;
    }

    /// <summary>Reads an entry row; <c>null</c> when it is not one.</summary>
    public static AuditPurgeEntry? FromEntity(TableEntity row) =>
        long.TryParse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && ParseDay(AuditValues.String(row, P.PurgedBefore)) is { } before
            ? new AuditPurgeEntry
            {
                Seq = seq,
                Before = before,
                FirstDay = ParseDay(AuditValues.String(row, P.FirstDay)),
                LastDay = ParseDay(AuditValues.String(row, P.LastDay)),
                Days = AuditValues.Int64(row, P.Days) ?? 0,
                Records = AuditValues.Int64(row, P.Records) ?? 0,
                Rows = AuditValues.Int64(row, P.Rows) ?? 0,
                By = AuditValues.String(row, P.PurgedBy) ?? "",
                At = AuditValues.Time(row, P.PurgedAt) ?? DateTimeOffset.MinValue,
            }
            : null;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
