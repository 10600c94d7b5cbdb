namespace Functions.Core.Audit;

/// <summary>One row of the audit table, exactly as stored (for scans such as the secret canary test).</summary>
/// <param name="Table">The table's name.</param>
/// <param name="Entity">The row with all its properties.</param>
public sealed record AuditStoredRow(string Table, TableEntity Entity);
