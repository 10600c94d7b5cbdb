namespace Functions.Core.Errors;

/// <summary>
/// The one exception the facade answers with: an HTTP status, an OpenAI error type and code, the
/// parameter at fault and, for rate limits, when to retry. Messages never carry secrets.
/// </summary>
public sealed class FacadeException : Exception
{
    public FacadeException(int status, string type, ErrorCode code, string message, string? param = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Type = type;
        Code = code;
        Param = param;
    }

    /// <summary>The HTTP status the client receives.</summary>
    public int Status { get; }

    /// <summary>The envelope's <c>type</c> (<see cref="ErrorType"/>).</summary>
    public string Type { get; }

    /// <summary>The envelope's <c>code</c>.</summary>
    public ErrorCode Code { get; }

    /// <summary>The request parameter at fault, in the request's own JSON naming, or <c>null</c>.</summary>
    public string? Param { get; }

    /// <summary>When the client may retry (sent as <c>retry-after</c>), if known.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Extra response headers to pass on (e.g. <c>x-ratelimit-*</c> from the provider).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }

    /// <summary>
    /// On a pass-through route: the provider's own report of this error already reached the caller, in the
    /// provider's dialect, so the answer ends as the provider ended it instead of being cut off.
    /// </summary>
    public bool PassedThrough { get; set; }

    /// <summary>The provider's own error code or status, kept for the audit.</summary>
    public string? UpstreamCode { get; init; }
}
