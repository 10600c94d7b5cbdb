namespace Functions.Core.Chat;

/// <summary>
/// How a call ended, as the audit and the metrics both name it: <c>completed</c>, <c>upstream_error</c>, <c>timeout</c>,
/// <c>client_aborted</c>, or <c>rejected</c> (refused before anything went upstream).
/// </summary>
public readonly record struct CallOutcome(string Value)
{
    public static readonly CallOutcome Completed = new("completed");
    public static readonly CallOutcome UpstreamError = new("upstream_error");
    public static readonly CallOutcome Timeout = new("timeout");
    public static readonly CallOutcome ClientAborted = new("client_aborted");
    public static readonly CallOutcome Rejected = new("rejected");

    /// <summary>The status a client that went away is recorded with (nginx's convention).</summary>
    public const int ClientGoneStatus = 499;

    /// <summary>
    /// How a call that threw <paramref name="exception"/> ended: the client gone (its own cancellation), a timeout,
    /// refused (its provider credentials could not be read, so nothing left), or the provider's error; and the error
    /// the facade reports for it.
    /// </summary>
    public static (CallOutcome Outcome, FacadeException? Error) Of(Exception exception, CancellationToken clientCancelled)
    {
        if (exception is OperationCanceledException && clientCancelled.IsCancellationRequested) return (ClientAborted, null);
        var error = FacadeErrors.For(exception);
        var outcome = error.Code == ErrorCode.UpstreamTimeout ? Timeout
            : error.Code == ErrorCode.SecretsUnavailable ? Rejected
            : UpstreamError;
        return (outcome, error);
    }

    public override string ToString() => Value;
}
