namespace Reliability.Runner;

/// <summary>Every row that names one request id, across the audit tables, and what they say together.</summary>
public sealed class AuditCall(string requestId, IReadOnlyList<AuditRow> rows)
{
    public string RequestId { get; } = requestId;
    public IReadOnlyList<AuditRow> Rows { get; } = rows;

    public bool Complete => Rows.Any(r => r.Outcome is not null);

    /// <summary>
    /// Two rows with an outcome for this request id in the same partition of the same table: a second record. Index
    /// rows of one record sit in other partitions (one per index), so they do not count, whatever the layout.
    /// </summary>
    public bool Duplicate => Rows.Where(r => r.Outcome is not null).GroupBy(r => (r.Table, r.PartitionKey)).Any(g => g.Count() > 1);

    /// <summary>The rows disagree on outcome or status.</summary>
    public bool Conflicting => Rows.Where(r => r.Outcome is not null).Select(r => (r.Outcome, r.Status)).Distinct().Count() > 1;

    public string? Outcome => Rows.FirstOrDefault(r => r.Outcome is not null)?.Outcome;

    public int? Status => Rows.FirstOrDefault(r => r.Outcome is not null)?.Status;

    /// <summary>The rows of calls as <c>table pk/rk outcome status</c>, for a report.</summary>
    public static string Describe(IEnumerable<AuditCall> calls) =>
        string.Join(", ", calls.SelectMany(c => c.Rows).Select(r => $"{r.Table} {r.PartitionKey}/{r.RowKey} {r.Outcome ?? "-"} {r.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"));

    public string Summary => Complete ? $"{Outcome} {Status}" + (Duplicate ? " (duplicate)" : "") + (Conflicting ? " (conflicting rows)" : "") : "no outcome";
}
