namespace Functions.Core.Audit;

/// <summary>Which API of the facade a call came through (an extensible enum, stored as its string value).</summary>
public readonly struct AuditRoute : IEquatable<AuditRoute>
{
    private readonly string? _value;

    /// <summary>Creates a route from its stored value.</summary>
    public AuditRoute(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The OpenAI-style API, translated to the provider.</summary>
    public static AuditRoute Unified { get; } = new("unified");

    /// <summary>A provider's own API, passed through.</summary>
    public static AuditRoute Native { get; } = new("native");

    /// <summary>The stored value, e.g. <c>unified</c>.</summary>
    public string Value => _value ?? "";

    public static bool operator ==(AuditRoute left, AuditRoute right) => left.Equals(right);

    public static bool operator !=(AuditRoute left, AuditRoute right) => !left.Equals(right);

    public static implicit operator AuditRoute(string value) => new(value);

    public bool Equals(AuditRoute other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AuditRoute other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}
