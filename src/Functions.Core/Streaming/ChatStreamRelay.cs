namespace Functions.Core.Streaming;

/// <summary>
/// Relays translated updates to the client as OpenAI chunks, one event per update, flushed before the
/// next upstream read. It knows streams, not providers: role in the first delta, usage chunk when
/// asked, <c>[DONE]</c> on success, an error event and no <c>[DONE]</c> on failure, heartbeats while
/// quiet, and the answer's headers. Errors before the first byte propagate so the endpoint can answer with a
/// status.
/// </summary>
public sealed class ChatStreamRelay(StreamingOptions options, TimeProvider time)
{
    /// <summary>
    /// Relays the answer <paramref name="sending"/> will give, heartbeats included while it is awaited (an upstream
    /// may hold its headers until its first token). The answer is disposed when the relay ends.
    /// </summary>
    public async Task RelayAsync(ChatCall call, Task<ChatAnswer> sending, SseResponse sse, CancellationToken cancellationToken)
    {
        ChatAnswer? answer = null;
        try
        {
            answer = await WaitAsync(new ValueTask<ChatAnswer>(sending), sse, cancellationToken).ConfigureAwait(false);
            await RelayAsync(call, answer, sse, cancellationToken).ConfigureAwait(false);
        }
        catch (FacadeException error) when (sse.Started && answer is null)
        {
            await sse.WriteEventAsync(error, ErrorEnvelopeWriter.Write, cancellationToken).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (answer is not null) await answer.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task RelayAsync(ChatCall call, ChatAnswer answer, SseResponse sse, CancellationToken cancellationToken)
    {
        var first = true;
        var finished = false;
        ChatUsage? usage = null;
        sse.AddHeaders(answer.Headers);
        await using var enumerator = answer.Updates.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await WaitAsync(enumerator.MoveNextAsync(), sse, cancellationToken).ConfigureAwait(false))
            {
                var update = enumerator.Current;
                if (update.Usage is not null) usage = update.Usage;
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

    /// <summary>Waits for what the provider does next, sending a heartbeat comment after each quiet interval.</summary>
    private async ValueTask<T> WaitAsync<T>(ValueTask<T> next, SseResponse sse, CancellationToken cancellationToken)
    {
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
                // The same token cancels the provider's call; let it finish (and release what it holds) before leaving.
                try
                {
                    if (await pending.ConfigureAwait(false) is IAsyncDisposable late) await late.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
                throw;
            }
        }
    }
}
