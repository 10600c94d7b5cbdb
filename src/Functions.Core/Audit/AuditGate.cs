using System.Diagnostics;

namespace Functions.Core.Audit;

/// <summary>
/// Where calls enter and leave the audit: <see cref="BeginAsync"/> makes the record durable before anything
/// goes upstream (or refuses the call), <see cref="Complete"/> and <see cref="Fail"/> hand the completion to
/// the background writer. Shared by the unified and the pass-through routes.
/// </summary>
public sealed class AuditGate(IAuditStore store, AuditCompletionWriter writer, FacadeMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// Writes the record; a store that cannot write in time refuses the call with 503 <c>audit_unavailable</c>.
    /// The write is a span of its own (<c>audit.write</c>) and measured (<c>llm_facade.audit.write.duration</c>).
    /// </summary>
    public async Task<AuditedCall> BeginAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var audit = new AuditedCall(request, time);
        using var span = FacadeTelemetry.Source.StartActivity("audit.write");
        var began = time.GetTimestamp();
        try
        {
            await store.BeginAsync(audit.Start, cancellationToken).ConfigureAwait(false);
            metrics.AuditRecordWritten(time.GetElapsedTime(began), "written");
        }
        catch (AuditUnavailableException exception)
        {
            var result = exception.Refused ? "refused" : "failed";
            metrics.AuditRecordWritten(time.GetElapsedTime(began), result);
            span?.SetStatus(ActivityStatusCode.Error, result).SetTag(FacadeTelemetry.Attributes.ErrorType, AuditUnavailableException.ErrorCode);
            var refused = new FacadeException(503, ErrorType.Api, ErrorCode.AuditUnavailable,
                "The audit trail cannot be written right now, so nothing was sent to the provider. Retry later.", null, exception)
            { RetryAfter = exception.RetryAfter };
            // The store writes the whole record once storage is back.
            writer.Write(audit.Complete(CallOutcome.Rejected, refused.Status, refused));
            throw refused;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away while its record was being written: nothing goes upstream, but a write under
            // way is not withdrawn and may land, so the record is completed (written whole if the begin did not land).
            metrics.AuditRecordWritten(time.GetElapsedTime(began), "cancelled");
            writer.Write(audit.Complete(CallOutcome.ClientAborted, CallOutcome.ClientGoneStatus));
            throw;
        }
        return audit;
    }

    public void Complete(AuditedCall audit, CallOutcome outcome, int status, FacadeException? error = null) =>
        writer.Write(audit.Complete(outcome, status, error));

    /// <summary>
    /// Records how a call failed: the client gone, a timeout, or the provider's error. Once something was handed
    /// on, the caller already has <paramref name="startedStatus"/> (200, or a pass-through answer's own status).
    /// </summary>
    public void Fail(AuditedCall audit, Exception exception, CancellationToken cancellationToken, int startedStatus = 200)
    {
        var (outcome, error) = CallOutcome.Of(exception, cancellationToken);
        if (error is null)
        {
            Complete(audit, CallOutcome.ClientAborted, CallOutcome.ClientGoneStatus);
            return;
        }
        Complete(audit, outcome, audit.Started ? startedStatus : error.Status, error);
    }
}
