namespace Reliability.Runner;

/// <summary>What the client saw of one call.</summary>
public sealed class ChatResult
{
    public required ChatSpec Spec { get; init; }
    public int? Status { get; set; }
    public string? RequestId { get; set; }
    public string Body { get; set; } = "";
    public string? ErrorCode { get; set; }
    /// <summary>The answer's <c>Retry-After</c>, when it had one.</summary>
    public TimeSpan? RetryAfter { get; set; }
    /// <summary>A transport failure after the request was sent: the connection reset or closed mid-answer, or no answer at all.</summary>
    public string? TransportError { get; set; }
    /// <summary>The client dropped the connection itself (<see cref="ChatSpec.DropAfter"/>).</summary>
    public bool Dropped { get; set; }
    public bool SawEnd { get; set; }
    public bool SawErrorForm { get; set; }
    public TimeSpan Elapsed { get; set; }

    /// <summary>The client's view: <c>completed</c>, <c>error</c> (an error status or error form), <c>truncated</c> (ended cleanly without its end), <c>broken</c>, <c>dropped</c>.</summary>
    public string View =>
        Dropped && !SawEnd ? "dropped"
        : TransportError is not null ? "broken"
        : Status is null ? "broken"
        : Status >= 400 || SawErrorForm ? "error"
        : SawEnd ? "completed"
        : "truncated";

    public string Summary => $"{Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no status"} {View}" + (ErrorCode is null ? "" : $" ({ErrorCode})") + (TransportError is null ? "" : $" [{TransportError}]");
}
