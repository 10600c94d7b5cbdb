namespace Functions.Core.Audit;

/// <summary>
/// The audit around every provider call, unified or pass-through (the shape of Microsoft.Extensions.AI's
/// <c>LoggingChatClient</c>): the record is durable before anything goes upstream — or the call is refused with
/// 503 <c>audit_unavailable</c> — every update is observed as it passes, and the record is completed once,
/// whatever the end: completed, upstream error, timeout, client gone.
/// </summary>
public sealed class AuditingChatProvider(IChatProvider inner, AuditGate gate) : DelegatingChatProvider(inner)
{
    public override async Task<ChatAnswer> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var audit = await gate.BeginAsync(request, cancellationToken).ConfigureAwait(false);
        ChatAnswer answer;
        try
        {
            answer = await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            gate.Fail(audit, exception, cancellationToken);
            throw;
        }
        var status = answer.Status;
        return Observe(answer, audit.Observe, exception =>
        {
            if (exception is null) gate.Complete(audit, CallOutcome.Completed, status);
            else if (exception is AnswerAbandoned) gate.Complete(audit, CallOutcome.ClientAborted, CallOutcome.ClientGoneStatus);
            else gate.Fail(audit, exception, cancellationToken, status);
        }, cancellationToken);
    }
}
