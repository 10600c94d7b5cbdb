namespace Functions.Core.Audit.Seals;

/// <summary>One thing <c>audit verify</c> found, named by the record's request id where it is known.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="RequestId">The record's request id (for a gap: the deleted record's, read from the link that points at it); <c>null</c> when unknown.</param>
/// <param name="Time">The record's time, when known.</param>
/// <param name="Detail">What exactly, in a sentence.</param>
public sealed record AuditVerifyFinding(AuditVerifyFindingKind Kind, string? RequestId, DateTimeOffset? Time, string Detail);
