using System.Runtime.CompilerServices;
using Functions.Core.Chat;
using Functions.Core.Providers;

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
        return answer.WithUpdates(Observe(answer.Updates, answer.Status, audit, cancellationToken));
    }

    private async IAsyncEnumerable<ChatUpdate> Observe(IAsyncEnumerable<ChatUpdate> updates, int status, AuditedCall audit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ended = false;
        try
        {
            await using var enumerator = updates.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) break;
                }
                catch (Exception exception)
                {
                    ended = true;
                    gate.Fail(audit, exception, cancellationToken, status);
                    throw;
                }
                audit.Observe(enumerator.Current);
                yield return enumerator.Current;
            }
            ended = true;
            gate.Complete(audit, AuditOutcome.Completed, status);
        }
        finally
        {
            // The consumer stopped early: the client went away while its answer was being written.
            if (!ended) gate.Complete(audit, AuditOutcome.ClientAborted, 499);
        }
    }
}
