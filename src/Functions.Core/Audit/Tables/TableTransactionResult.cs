using Azure;

namespace Functions.Core.Audit.Tables;

/// <summary>What the service answered for one operation of a successful entity group transaction.</summary>
/// <param name="Status">The operation's HTTP status, for example 204.</param>
/// <param name="ETag">The entity's new version; empty for deletes.</param>
public sealed record TableTransactionResult(int Status, ETag ETag);
