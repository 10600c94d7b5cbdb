namespace Functions.Core.Audit;

/// <summary>
/// The audit trail of the facade's calls. The request path calls <see cref="BeginAsync"/> before anything goes
/// upstream and <see cref="CompleteAsync"/> once when the call ends, whatever the outcome; a request refused
/// before routing is handed to <see cref="RecordRejected"/>.
/// </summary>
public interface IAuditStore
{
    /// <summary>What the store has done so far and what it holds now (for the benchmark, health and metrics).</summary>
    AuditStoreStatistics Statistics { get; }

    /// <summary>
    /// Writes the record of a call that is about to go upstream; durable when the returned task completes.
    /// Bounded by <c>Audit:WriteTimeout</c> (retries included); refused at once when the store is too far behind
    /// to write it within half of that.
    /// </summary>
    /// <exception cref="AuditUnavailableException">
    /// The record could not be written in time, or the store refused it at once, and <c>Audit:FailClosed</c> is
    /// true: answer 503 <c>audit_unavailable</c> with <c>Retry-After</c> =
    /// <see cref="AuditUnavailableException.RetryAfter"/> and send nothing upstream (then still call
    /// <see cref="CompleteAsync"/>).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task BeginAsync(AuditStart start, CancellationToken cancellationToken);

    /// <summary>
    /// Completes the record begun for <see cref="AuditCompletion.RequestId"/> (or writes a whole one when the
    /// begin was not durable; after a refused begin, the record of a rejected request). Retried with backoff; a
    /// final failure is logged with the request id, never thrown. Pass a token that outlives the client's
    /// request (not <c>RequestAborted</c>).
    /// </summary>
    Task CompleteAsync(AuditCompletion completion, CancellationToken cancellationToken);

    /// <summary>
    /// Records a request refused before routing; returns at once (the write goes through the same batching,
    /// off the request path). While the store is behind, or beyond <c>Audit:RejectionRecordsPerSecond</c>,
    /// rejections are counted and written as one summary row per <c>Audit:RejectionSummaryInterval</c>
    /// (counts by status and error code) instead of one record each; none is dropped silently.
    /// </summary>
    void RecordRejected(AuditRejection rejection);

    /// <summary>
    /// Completes when every rejection handed over so far is durable, as a record or counted in a written summary
    /// (the pending summary is written now), or when <paramref name="cancellationToken"/> ends the wait.
    /// </summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
