using Functions.Core.Chat;

namespace Functions.Core.Providers;

/// <summary>
/// A provider adapter: knows its provider's wire format and nothing else (not the audit, not the
/// facade's HTTP response). <see cref="Prepare"/> validates and translates before anything is sent, so
/// the audit can record the exact upstream body first.
/// </summary>
public interface IChatProvider
{
    /// <summary>The provider's name in configuration (<c>Models:N:Provider</c>).</summary>
    string Name { get; }

    /// <summary>Validates the call against the provider's rules and builds the upstream body; throws a 400 <see cref="Errors.FacadeException"/>.</summary>
    PreparedRequest Prepare(ChatCall call);

    /// <summary>Sends a non-stream request and translates the whole answer.</summary>
    Task<ChatCompletion> CompleteAsync(PreparedRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a stream request and yields each translated event as it arrives. Errors before the first
    /// update throw from the first <c>MoveNextAsync</c>, so the facade can still answer with a status.
    /// </summary>
    IAsyncEnumerable<ChatUpdate> StreamAsync(PreparedRequest request, CancellationToken cancellationToken);
}
