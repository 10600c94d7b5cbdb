namespace Functions.Core.Audit.Seals;

/// <summary>What <c>audit verify</c> found wrong with a record; any finding means the range is not intact.</summary>
public enum AuditVerifyFindingKind
{
    /// <summary>The record's seal was made with a known key but no longer matches its content (or a continuation row of it changed or is missing).</summary>
    Changed,

    /// <summary>A row no known key sealed: no seal, a seal naming a key none of the given keys is, or a chain position a genuine record holds.</summary>
    Forged,

    /// <summary>A link of a chain is missing: a record (or rejection summary) that was written has been deleted.</summary>
    Gap,

    /// <summary>A record was begun but never completed (and was begun longer ago than a call can last).</summary>
    Incomplete,
}
