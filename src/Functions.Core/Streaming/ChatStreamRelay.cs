using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.OpenAI;

namespace Functions.Core.Streaming;

/// <summary>
/// Relays translated updates to the client as OpenAI chunks, one event per update, flushed before the
/// next upstream read. It knows streams, not providers: role in the first delta, usage chunk when
/// asked, <c>[DONE]</c> on success, an error event and no <c>[DONE]</c> on failure, heartbeats while
/// quiet, and the response headers of updates that arrive before the first byte. Errors before the
/// first byte propagate so the endpoint can answer with a status.
/// </summary>
public sealed class ChatStreamRelay(StreamingOptions options, TimeProvider time)
{
    public async Task RelayAsync(ChatCall call, IAsyncEnumerable<ChatUpdate> updates, SseResponse sse, CancellationToken cancellationToken)
    {
        var first = true;
        var finished = false;
        ChatUsage? usage = null;
        await using var enumerator = updates.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await NextAsync(enumerator, sse, cancellationToken).ConfigureAwait(false))
            {
                var update = enumerator.Current;
                if (update.Usage is not null) usage = update.Usage;
                if (update.ResponseHeaders is { } headers) sse.AddHeaders(headers);
                if (!update.HasChunk) continue;
                await sse.WriteEventAsync((call, update, first), static (w, s) => ChatChunkWriter.WriteChunk(w, s.call, s.update, s.first), cancellationToken).ConfigureAwait(false);
                first = false;
                if (update.FinishReason is not null) finished = true;
            }
            if (!finished) throw FacadeErrors.UpstreamProtocol(call.Route.Provider, "the stream ended without a finish reason");
        }
        catch (FacadeException error) when (sse.Started)
        {
            await sse.WriteEventAsync(error, ErrorEnvelopeWriter.Write, cancellationToken).ConfigureAwait(false);
            throw;
        }
        if (call.Request.IncludeUsage && usage is not null)
        {
            await sse.WriteEventAsync((call, usage), static (w, s) => ChatChunkWriter.WriteUsageChunk(w, s.call, s.usage), cancellationToken).ConfigureAwait(false);
        }
        await sse.WriteDoneAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for the next update, sending a heartbeat comment after each quiet interval.</summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<ChatUpdate> enumerator, SseResponse sse, CancellationToken cancellationToken)
    {
        var next = enumerator.MoveNextAsync();
        if (next.IsCompleted) return next.Result;
        var pending = next.AsTask();
        while (true)
        {
            try
            {
                return await pending.WaitAsync(options.HeartbeatInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (!pending.IsCompleted)
            {
                await sse.WriteHeartbeatAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!pending.IsCompleted)
            {
                // The same token cancels the provider's read; let it finish before the enumerator is disposed.
                try { await pending.ConfigureAwait(false); } catch (Exception) { }
                throw;
            }
        }
    }
}
