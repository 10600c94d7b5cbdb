namespace Functions.Core.Audit.Tables;

/// <summary>What a <see cref="TableGroupCommitter"/> has sent so far (a snapshot).</summary>
/// <param name="Operations">Operations written successfully.</param>
/// <param name="Requests">Requests sent: single writes plus transactions, failed ones included.</param>
/// <param name="Transactions">Entity group transactions sent (two or more operations each).</param>
/// <param name="LargestTransaction">The most operations one transaction carried.</param>
/// <param name="FailedRequests">Requests that failed.</param>
public sealed record TableGroupCommitStatistics(long Operations, long Requests, long Transactions, int LargestTransaction, long FailedRequests);
