namespace Reliability.Runner;

/// <summary>One row of an audit table, as the harness reads it: where it is and every property as text.</summary>
public sealed record AuditRow(string Table, string PartitionKey, string RowKey, IReadOnlyDictionary<string, string> Properties)
{
    public string? RequestId => Properties.GetValueOrDefault("RequestId");
    public string? Outcome => Properties.GetValueOrDefault("Outcome") is { Length: > 0 } outcome ? outcome : null;
    public int? Status => int.TryParse(Properties.GetValueOrDefault("Status"), out var status) ? status : null;
}
