namespace Functions.Core.Audit;

/// <summary>Where one call's record lives (see <see cref="AuditKeys.ForRecord"/>).</summary>
/// <param name="Day">The UTC day, <c>yyyyMMdd</c>.</param>
/// <param name="Lane">The lane of the day the record was written to.</param>
/// <param name="PartitionKey">The record's partition: <c>{day}-{lane}</c>.</param>
/// <param name="RowKey">The record's row: <c>{inverted ticks}-{encoded request id}</c>.</param>
/// <param name="InvertedTicks">The inverted ticks of the record's time.</param>
/// <param name="RequestKey">The encoded request id.</param>
/// <param name="NeedsRequestIndex">Whether a lookup by request id needs a row in the request id index (the id does not place the record itself).</param>
public sealed record AuditRecordKeys(string Day, int Lane, string PartitionKey, string RowKey, string InvertedTicks, string RequestKey, bool NeedsRequestIndex = true)
{
    /// <summary>The prefix of every continuation row of this record: <c>~{row key}.</c>.</summary>
    public string ContinuationRowPrefix => $"{AuditKeys.ContinuationPrefix}{RowKey}.";

    /// <summary>The continuation row <paramref name="row"/> of one text field.</summary>
    public string ContinuationRowKey(string field, int row) => $"{ContinuationRowPrefix}{field}.{row:D4}";

    /// <summary>The row of this record in its caller's index (same partition).</summary>
    public string CallerRowKey(string caller) => AuditKeys.CallerRowPrefix(caller) + RowKey;

    /// <summary>The row of this record in the flagged index (same partition).</summary>
    public string FlaggedRowKey => AuditKeys.FlaggedPrefix + RowKey;

    /// <summary>The row of this record in the request id index.</summary>
    public string RequestIndexRowKey => $"{RequestKey}.{InvertedTicks}";
}
