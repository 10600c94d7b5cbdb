using System.Runtime.CompilerServices;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.Providers;

namespace Functions.Core.Audit;

/// <summary>
/// The audit around a provider call (the shape of Microsoft.Extensions.AI's <c>LoggingChatClient</c>): the
/// record is durable before anything goes upstream — or the call is refused with 503
/// <c>audit_unavailable</c> — and it is completed once, whatever the end: completed, upstream error,
/// timeout, client gone.
/// </summary>
public sealed class AuditingChatProvider(IChatProvider inner, AuditGate gate) : IChatProvider
{
    public string Name => inner.Name;

    public PreparedRequest Prepare(ChatCall call) => inner.Prepare(call);

    public async Task<ChatCompletion> CompleteAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var audit = await gate.BeginAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var completion = await inner.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            audit.Observe(completion);
            gate.Complete(audit, AuditOutcome.Completed, 200);
            return completion;
        }
        catch (Exception exception)
        {
            gate.Fail(audit, exception, cancellationToken);
            throw;
        }
    }

    public async IAsyncEnumerable<ChatUpdate> StreamAsync(PreparedRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var audit = await gate.BeginAsync(request, cancellationToken).ConfigureAwait(false);
        var ended = false;
        try
        {
            await using var updates = inner.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false)) break;
                }
                catch (Exception exception)
                {
                    ended = true;
                    gate.Fail(audit, exception, cancellationToken);
                    throw;
                }
                audit.Observe(updates.Current);
                yield return updates.Current;
            }
            ended = true;
            gate.Complete(audit, AuditOutcome.Completed, 200);
        }
        finally
        {
            // The consumer stopped early: the client went away while its answer was being written.
            if (!ended) gate.Complete(audit, AuditOutcome.ClientAborted, 499);
        }
    }
}
