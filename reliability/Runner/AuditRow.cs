namespace Reliability.Runner;

/// <summary>One row of an audit table, as the harness reads it: where it is and every property as text.</summary>
public sealed record AuditRow(string Table, string PartitionKey, string RowKey, IReadOnlyDictionary<string, string> Properties)
{
    public string? RequestId => Properties.GetValueOrDefault("RequestId");
    public string? Outcome => Properties.GetValueOrDefault("Outcome") is { Length: > 0 } outcome ? outcome : null;
    public int? Status => int.TryParse(Properties.GetValueOrDefault("Status"), out var status) ? status : null;

    /// <summary>An index row: a copy of a record's summary that points at the record (<c>RecordRowKey</c>), not a record.</summary>
    public bool IsIndex => Properties.ContainsKey("RecordRowKey");

    /// <summary>A rejection summary row: counts of refused requests by status (<c>ByStatus</c>, JSON), not one request.</summary>
    public bool IsRejectionSummary => Properties.ContainsKey("ByStatus") && Properties.ContainsKey("Count");
}
