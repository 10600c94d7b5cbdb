using Microsoft.AspNetCore.Http.Features;

namespace Functions.Core.Streaming;

/// <summary>
/// Writes a pass-through answer: the provider's status, content type and headers, then each update's bytes as
/// they come, each flushed before the next upstream read. A provider error already written in its own dialect
/// ends the answer as the provider ended it; a failure the facade finds once the answer has started (a malformed
/// event, a stream cut short, a time limit) is written in the provider's dialect (<see cref="ChatAnswer.DialectError"/>)
/// and the answer ends normally. Only an unexpected failure resets the connection.
/// </summary>
public static class PassThroughRelay
{
    public static async Task RelayAsync(HttpContext context, ChatAnswer answer, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = answer.Status;
        if (answer.ContentType is { } contentType) response.ContentType = contentType;
        foreach (var (name, value) in answer.Headers) response.Headers[name] = value;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await foreach (var update in answer.Updates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (update.Raw.IsEmpty) continue;
                await response.BodyWriter.WriteAsync(update.Raw, cancellationToken).ConfigureAwait(false);
                var flushed = await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
                // The client has gone: stop reading; the answer's observers record it abandoned (client_aborted).
                if (flushed.IsCanceled || flushed.IsCompleted) return;
            }
        }
        catch (FacadeException error) when (response.HasStarted && error.PassedThrough)
        {
            // The caller has the provider's own report of the failure; the audit has recorded it.
        }
        catch (FacadeException error) when (response.HasStarted && answer.DialectError is { } dialect && !cancellationToken.IsCancellationRequested)
        {
            await response.BodyWriter.WriteAsync(dialect(error), cancellationToken).ConfigureAwait(false);
            await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (response.HasStarted && !cancellationToken.IsCancellationRequested)
        {
            context.Abort();
            throw;
        }
    }
}
