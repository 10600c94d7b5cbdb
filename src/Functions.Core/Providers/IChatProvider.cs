namespace Functions.Core.Providers;

/// <summary>
/// A provider adapter: knows its provider's wire format and nothing else (not the audit, not the facade's HTTP
/// response). One contract for both ways in: the unified call (an OpenAI request, translated) and the
/// pass-through call (<see cref="ChatCall.PassThrough"/>: the provider's own dialect, checked and forwarded).
/// <see cref="Prepare"/> validates and builds the upstream body before anything is sent, so the audit can record
/// it first; <see cref="SendAsync"/> sends it.
/// </summary>
public interface IChatProvider
{
    /// <summary>The provider's name in configuration (<c>Models:N:Provider</c>).</summary>
    string Name { get; }

    /// <summary>The secrets it reads as configured (names in <see cref="Secrets.SecretNames"/>): what readiness checks for it.</summary>
    IReadOnlyList<string> Secrets { get; }

    /// <summary>Validates the call against the provider's rules and builds the upstream body; throws a 400 <see cref="Errors.FacadeException"/>.</summary>
    PreparedRequest Prepare(ChatCall call);

    /// <summary>
    /// Sends and returns once the answer's head is known (a non-stream answer is read whole by then). Failures
    /// before that throw a <see cref="Errors.FacadeException"/>, so the facade can still answer with a status;
    /// failures later throw from the updates' enumeration. A provider error already written to a pass-through
    /// caller in the provider's own words is thrown with <see cref="Errors.FacadeException.PassedThrough"/> set.
    /// </summary>
    Task<ChatAnswer> SendAsync(PreparedRequest request, CancellationToken cancellationToken);
}
