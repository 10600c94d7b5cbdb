using Functions.Core.Audit.Retention;

namespace Functions.Core.Audit.Seals;

/// <summary>What <c>audit verify</c> found over a range: counts of what it checked, and every finding.</summary>
public sealed record AuditVerification
{
    /// <summary>The range checked (record times, inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>Record rows checked (calls and rejected requests).</summary>
    public long Records { get; init; }

    /// <summary>Continuation rows checked.</summary>
    public long ContinuationRows { get; init; }

    /// <summary>Rejection summary rows checked.</summary>
    public long Summaries { get; init; }

    /// <summary>Chains (writing processes) seen in the range.</summary>
    public int Chains { get; init; }

    /// <summary>Links before or between the range's links that were read outside it to close the chains.</summary>
    public long LinksOutsideRange { get; init; }

    /// <summary>Records begun so recently that they may still be under way (not findings).</summary>
    public long Open { get; init; }

    /// <summary>Links their writer declared lost (sealed, then counted in a rejection summary because they could not be written).</summary>
    public long DeclaredLost { get; init; }

    /// <summary>Missing links that lie in days a purge entry covers.</summary>
    public long Purged { get; init; }

    /// <summary>The purge entries (verified) whose deleted days overlap the range or precede it.</summary>
    public IReadOnlyList<AuditPurgeEntry> Purges { get; init; } = [];

    /// <summary>Everything found, by time.</summary>
    public IReadOnlyList<AuditVerifyFinding> Findings { get; init; } = [];

    /// <summary>How long it took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether nothing was found.</summary>
    public bool Intact => Findings.Count == 0;

    /// <summary>How many findings of one kind.</summary>
    public int CountOf(AuditVerifyFindingKind kind) => Findings.Count(f => f.Kind == kind);
}
