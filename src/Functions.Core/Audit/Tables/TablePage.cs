namespace Functions.Core.Audit.Tables;

/// <summary>One page of a query: at most 1,000 entities, and where to go on when there are more.</summary>
/// <param name="Entities">The entities of this page, in key order.</param>
/// <param name="Continuation">The token for the next page; <c>null</c> on the last page.</param>
public sealed record TablePage(IReadOnlyList<TableEntity> Entities, TableContinuationToken? Continuation);
