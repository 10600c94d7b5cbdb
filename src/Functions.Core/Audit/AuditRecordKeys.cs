namespace Functions.Core.Audit;

/// <summary>Where one call's record lives (see <see cref="AuditKeys.ForRecord"/>).</summary>
/// <param name="Day">The UTC day, <c>yyyyMMdd</c>.</param>
/// <param name="Shard">The shard of the request id.</param>
/// <param name="PartitionKey">The record's partition: <c>{day}-{shard}</c>.</param>
/// <param name="RowKey">The record's row: <c>{inverted ticks}-{encoded request id}</c>.</param>
/// <param name="InvertedTicks">The inverted ticks of the record's time.</param>
/// <param name="RequestKey">The encoded request id.</param>
public sealed record AuditRecordKeys(string Day, int Shard, string PartitionKey, string RowKey, string InvertedTicks, string RequestKey)
{
    /// <summary>The prefix of every continuation row of this record: <c>~{row key}.</c>.</summary>
    public string ContinuationRowPrefix => $"{AuditKeys.ContinuationPrefix}{RowKey}.";

    /// <summary>The continuation row <paramref name="row"/> of one text field.</summary>
    public string ContinuationRowKey(string field, int row) => $"{ContinuationRowPrefix}{field}.{row:D4}";

    /// <summary>The row of this record in the request id index.</summary>
    public string RequestIndexRowKey => $"{RequestKey}.{InvertedTicks}";
}
