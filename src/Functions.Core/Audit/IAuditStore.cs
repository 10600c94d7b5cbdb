namespace Functions.Core.Audit;

/// <summary>
/// The audit trail of the facade's calls. The request path calls <see cref="BeginAsync"/> before anything goes
/// upstream and <see cref="CompleteAsync"/> once when the call ends, whatever the outcome.
/// </summary>
public interface IAuditStore
{
    /// <summary>
    /// Writes the record of a call that is about to go upstream; durable when the returned task completes.
    /// Bounded by <c>Audit:WriteTimeout</c> (retries included).
    /// </summary>
    /// <exception cref="AuditUnavailableException">
    /// The record could not be written in time and <c>Audit:FailClosed</c> is true: answer 503
    /// <c>audit_unavailable</c> and send nothing upstream (then still call <see cref="CompleteAsync"/>).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task BeginAsync(AuditStart start, CancellationToken cancellationToken);

    /// <summary>
    /// Completes the record begun for <see cref="AuditCompletion.RequestId"/> (or writes a whole one when the
    /// begin was not durable). Retried with backoff; a final failure is logged with the request id, never thrown.
    /// Pass a token that outlives the client's request (not <c>RequestAborted</c>).
    /// </summary>
    Task CompleteAsync(AuditCompletion completion, CancellationToken cancellationToken);
}
