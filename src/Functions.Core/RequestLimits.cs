namespace Functions.Core;

/// <summary><c>Limits:*</c>: what the facade accepts from callers.</summary>
public sealed class RequestLimits
{
    /// <summary>Largest request body; larger bodies get 413 before anything else happens.</summary>
    public int MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}
