namespace Functions.Core.Audit.Tables;

/// <summary>
/// Where a query goes on: the <c>x-ms-continuation-NextPartitionKey</c> and <c>x-ms-continuation-NextRowKey</c>
/// headers of one page, sent back as the <c>NextPartitionKey</c> and <c>NextRowKey</c> query parameters.
/// </summary>
public sealed record TableContinuationToken(string NextPartitionKey, string? NextRowKey);
