namespace Functions.Core.Audit;

/// <summary>What a reviewer asks for: calls between two times, optionally of one caller, one model, flagged only.</summary>
public sealed record AuditQuery
{
    /// <summary>The earliest call time (inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The latest call time (inclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Only this caller's calls (answered from the caller index).</summary>
    public string? Caller { get; init; }

    /// <summary>Only calls of this model (a filter on whatever rows the query reads).</summary>
    public string? Model { get; init; }

    /// <summary>Only flagged calls (answered from the flagged index).</summary>
    public bool FlaggedOnly { get; init; }
}
