namespace Functions.Core.Audit;

/// <summary>
/// The rows one step of a record's lifecycle writes: continuation rows first (invisible to listings), then the
/// record row that points at them together with its index rows in the same partition (one write, landing
/// together), and the request id index row, which lives in a partition of its own.
/// </summary>
/// <param name="ContinuationRows">Rows of the record's partition holding the parts of long texts.</param>
/// <param name="RecordWrite">The record row (merged into what the other step wrote) and its caller and flagged index rows.</param>
/// <param name="RequestIndexRow">The request id index row, when this step must write it.</param>
internal sealed record AuditWritePlan(IReadOnlyList<TableEntity> ContinuationRows, IReadOnlyList<TableTransactionAction> RecordWrite, TableEntity? RequestIndexRow);
