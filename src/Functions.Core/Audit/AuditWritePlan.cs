using Functions.Core.Audit.Tables;

namespace Functions.Core.Audit;

/// <summary>
/// The rows one step of a record's lifecycle writes: continuation rows first (invisible to listings), then
/// the record row that points at them, then the index rows.
/// </summary>
/// <param name="ContinuationRows">Rows of the records table holding the parts of long texts.</param>
/// <param name="Record">The record row, merged into what the other step wrote.</param>
/// <param name="IndexRows">Rows of the index table (caller, request id, flagged), merged likewise.</param>
internal sealed record AuditWritePlan(IReadOnlyList<TableEntity> ContinuationRows, TableEntity Record, IReadOnlyList<TableEntity> IndexRows);
