namespace Reliability.Runner;

/// <summary>Every row that names one request id, across the audit tables, and what they say together.</summary>
public sealed class AuditCall(string requestId, IReadOnlyList<AuditRow> rows)
{
    public string RequestId { get; } = requestId;
    public IReadOnlyList<AuditRow> Rows { get; } = rows;

    /// <summary>The record rows: every row naming the request id but the index rows that point at a record.</summary>
    public IEnumerable<AuditRow> Records => Rows.Where(r => !r.IsIndex);

    public bool Complete => Records.Any(r => r.Outcome is not null);

    /// <summary>More than one record row for this request id (index rows, which point at a record, do not count).</summary>
    public bool Duplicate => Records.Count() > 1;

    /// <summary>The rows, index rows included, disagree on outcome or status.</summary>
    public bool Conflicting => Rows.Where(r => r.Outcome is not null).Select(r => (r.Outcome, r.Status)).Distinct().Count() > 1;

    public string? Outcome => Records.FirstOrDefault(r => r.Outcome is not null)?.Outcome;

    public int? Status => Records.FirstOrDefault(r => r.Outcome is not null)?.Status;

    /// <summary>The rows of calls as <c>table pk/rk outcome status</c>, for a report.</summary>
    public static string Describe(IEnumerable<AuditCall> calls) =>
        string.Join(", ", calls.SelectMany(c => c.Rows).Select(r => $"{r.Table} {r.PartitionKey}/{r.RowKey} {r.Outcome ?? "-"} {r.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"));

    public string Summary => Complete ? $"{Outcome} {Status}" + (Duplicate ? " (duplicate)" : "") + (Conflicting ? " (conflicting rows)" : "") : "no outcome";
}
