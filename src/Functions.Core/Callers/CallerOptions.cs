namespace Functions.Core.Callers;

/// <summary>One entry of <c>Callers:N:*</c>: an app that calls with an API key.</summary>
public sealed class CallerOptions
{
    /// <summary>The caller's name, as the audit records it.</summary>
    public string? Name { get; set; }

    /// <summary>Lowercase hex SHA-256 of the caller's key; the key itself is never configured.</summary>
    public string? KeySha256 { get; set; }

    /// <summary>
    /// The hash of the key being replaced, accepted beside <see cref="KeySha256"/> while callers move to the new key:
    /// a rotation with overlap in one deployment (docs/deploy.md). Optional.
    /// </summary>
    public string? PreviousKeySha256 { get; set; }

    /// <summary>Models this caller may use; empty means all.</summary>
    public List<string> Models { get; set; } = [];
}
