namespace Functions.Core.Audit.Seals;

/// <summary>A chain link as <c>audit verify</c> found it: where, whose, and whether its row's seal verified.</summary>
/// <param name="Link">The link properties the row carries.</param>
/// <param name="PartitionKey">The row's partition.</param>
/// <param name="RowKey">The row's key.</param>
/// <param name="RequestId">The record's request id (<c>null</c> for a rejection summary).</param>
/// <param name="Time">The row's time.</param>
/// <param name="Valid">Whether the row's seal verified (only then are its link properties trusted).</param>
/// <param name="Finding">For a row whose seal did not verify: what to report, unless another row turns out to hold its place.</param>
internal sealed record AuditVerifyLink(AuditSealLink Link, string PartitionKey, string RowKey, string? RequestId, DateTimeOffset? Time, bool Valid,
    AuditVerifyFinding? Finding = null);
