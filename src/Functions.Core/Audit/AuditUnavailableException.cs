namespace Functions.Core.Audit;

/// <summary>
/// The audit record could not be made durable within <c>Audit:WriteTimeout</c>: the request path answers 503
/// <c>audit_unavailable</c> and sends nothing upstream.
/// </summary>
public sealed class AuditUnavailableException : Exception
{
    /// <summary>The error code the facade answers with.</summary>
    public const string ErrorCode = "audit_unavailable";

    /// <summary>Creates the exception for one call.</summary>
    public AuditUnavailableException(string requestId, TimeSpan elapsed, Exception? innerException)
        : base($"The audit record of request {requestId} could not be written within {elapsed.TotalMilliseconds:F0} ms: {innerException?.Message}", innerException)
    {
        RequestId = requestId;
        Elapsed = elapsed;
    }

    /// <summary>The call whose record failed.</summary>
    public string RequestId { get; }

    /// <summary>How long the store tried.</summary>
    public TimeSpan Elapsed { get; }
}
