using System.Runtime.CompilerServices;
using Functions.Core.Errors;
using Functions.Core.Providers;

namespace Functions.Core.Audit;

/// <summary>The audit around a pass-through call: the same promise as <see cref="AuditingChatProvider"/>.</summary>
public sealed class AuditingNativeChatProvider(INativeChatProvider inner, AuditGate gate) : INativeChatProvider
{
    public string Name => inner.Name;

    public PreparedRequest PrepareNative(Chat.ChatCall call) => inner.PrepareNative(call);

    public async Task<NativeResponse> SendNativeAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var audit = await gate.BeginAsync(request, cancellationToken).ConfigureAwait(false);
        NativeResponse response;
        try
        {
            response = await inner.SendNativeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            gate.Fail(audit, exception, cancellationToken);
            throw;
        }
        return new NativeResponse(response.Status, response.ContentType, response.Headers,
            Observe(response, audit, cancellationToken), response);
    }

    private async IAsyncEnumerable<NativeChunk> Observe(NativeResponse response, AuditedCall audit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ended = false;
        try
        {
            await using var chunks = response.Chunks.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await chunks.MoveNextAsync().ConfigureAwait(false)) break;
                }
                catch (Exception exception)
                {
                    ended = true;
                    gate.Fail(audit, exception, cancellationToken);
                    throw;
                }
                if (chunks.Current.Update is { } update) audit.Observe(update);
                yield return chunks.Current;
            }
            ended = true;
            var succeeded = response.Status is >= 200 and < 300;
            gate.Complete(audit, succeeded ? AuditOutcome.Completed : AuditOutcome.UpstreamError, response.Status,
                succeeded ? null : new FacadeException(response.Status, ErrorType.Api, ErrorCode.UpstreamError, $"The provider answered {response.Status}; its body was passed through."));
        }
        finally
        {
            if (!ended) gate.Complete(audit, AuditOutcome.ClientAborted, 499);
        }
    }
}
