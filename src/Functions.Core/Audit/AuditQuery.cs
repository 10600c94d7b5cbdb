namespace Functions.Core.Audit;

/// <summary>
/// What a reviewer asks for: calls between two times, optionally of one caller, one model, one outcome, route or
/// status, flagged only, or whose prompt or response contains a text.
/// </summary>
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

    /// <summary>Only calls with this outcome (<c>completed</c>, <c>upstream_error</c>, <c>timeout</c>, <c>client_aborted</c>, <c>rejected</c>).</summary>
    public string? Outcome { get; init; }

    /// <summary>Only calls of this route (<c>unified</c> or <c>native</c>).</summary>
    public string? Route { get; init; }

    /// <summary>Only calls answered with this HTTP status.</summary>
    public int? Status { get; init; }

    /// <summary>
    /// Only calls whose prompt (as received or as sent) or response contains this text (ignoring case). Answered by
    /// reading every whole record of the range: a scan of the range, not an index lookup.
    /// </summary>
    public string? Contains { get; init; }

    /// <summary>Whether an index answers the query (caller or flagged, no text search).</summary>
    internal bool UsesIndex => Contains is null && (FlaggedOnly || Caller is not null);
}
