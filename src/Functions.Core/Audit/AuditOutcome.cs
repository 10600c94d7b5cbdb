namespace Functions.Core.Audit;

/// <summary>How a call ended, as the audit records it (an extensible enum, stored as its string value).</summary>
public readonly struct AuditOutcome : IEquatable<AuditOutcome>
{
    private readonly string? _value;

    /// <summary>Creates an outcome from its stored value.</summary>
    public AuditOutcome(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The upstream answered and the answer reached the client.</summary>
    public static AuditOutcome Completed { get; } = new("completed");

    /// <summary>The upstream failed (an error status, a broken stream, an error event).</summary>
    public static AuditOutcome UpstreamError { get; } = new("upstream_error");

    /// <summary>The upstream did not answer in time.</summary>
    public static AuditOutcome Timeout { get; } = new("timeout");

    /// <summary>The client went away before the call ended.</summary>
    public static AuditOutcome ClientAborted { get; } = new("client_aborted");

    /// <summary>The facade refused the call (validation, authorization, audit unavailable).</summary>
    public static AuditOutcome Rejected { get; } = new("rejected");

    /// <summary>The stored value, e.g. <c>upstream_error</c>.</summary>
    public string Value => _value ?? "";

    public static bool operator ==(AuditOutcome left, AuditOutcome right) => left.Equals(right);

    public static bool operator !=(AuditOutcome left, AuditOutcome right) => !left.Equals(right);

    public static implicit operator AuditOutcome(string value) => new(value);

    public bool Equals(AuditOutcome other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AuditOutcome other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}
