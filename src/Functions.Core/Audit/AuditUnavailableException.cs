namespace Functions.Core.Audit;

/// <summary>
/// The audit record could not be made durable within <c>Audit:WriteTimeout</c>, or the store is so far behind
/// that it would not be (admission control): the request path answers 503 <c>audit_unavailable</c> with
/// <c>Retry-After</c> = <see cref="RetryAfter"/> and sends nothing upstream.
/// </summary>
public sealed class AuditUnavailableException : Exception
{
    /// <summary>The error code the facade answers with.</summary>
    public const string ErrorCode = "audit_unavailable";

    /// <summary>The wait suggested to clients when the store gives no better figure.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Creates the exception for a call whose record could not be written in time.</summary>
    public AuditUnavailableException(string requestId, TimeSpan elapsed, Exception? innerException)
        : base($"The audit record of request {requestId} could not be written within {elapsed.TotalMilliseconds:F0} ms: {innerException?.Message}", innerException)
    {
        RequestId = requestId;
        Elapsed = elapsed;
        RetryAfter = DefaultRetryAfter;
    }

    /// <summary>Creates the exception for a call refused at once because the store is behind.</summary>
    public AuditUnavailableException(string requestId, TimeSpan retryAfter, string reason)
        : base($"The audit record of request {requestId} was not attempted: {reason}")
    {
        RequestId = requestId;
        Elapsed = TimeSpan.Zero;
        RetryAfter = retryAfter;
        Refused = true;
    }

    /// <summary>The call whose record failed.</summary>
    public string RequestId { get; }

    /// <summary>How long the store tried (zero when it refused at once).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>How long the client should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>True when the store refused at once (admission control) rather than failed to write in time.</summary>
    public bool Refused { get; }
}
