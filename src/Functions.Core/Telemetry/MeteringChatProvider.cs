namespace Functions.Core.Telemetry;

/// <summary>
/// Measures every provider call (the shape of Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c>): duration, time
/// to the first token, time per output token, token usage, Baidu's verdicts, and how the call ended. It wraps the audit,
/// so a call the audit refuses is counted too.
/// </summary>
public sealed class MeteringChatProvider(IChatProvider inner, FacadeMetrics metrics, TimeProvider time) : DelegatingChatProvider(inner)
{
    public override async Task<ChatAnswer> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var call = new Measured(request.Call, time);
        ChatAnswer answer;
        try
        {
            answer = await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var (outcome, error) = CallOutcome.Of(exception, cancellationToken);
            // Nothing went upstream when the audit refused the call: it was rejected, like a refusal before routing.
            if (error?.Code == ErrorCode.AuditUnavailable) outcome = CallOutcome.Rejected;
            metrics.CallEnded(call.Measure(outcome, error?.Status ?? CallOutcome.ClientGoneStatus, error?.Code.Value));
            throw;
        }
        var status = answer.Status;
        return Observe(answer, call.Observe, exception =>
        {
            if (exception is null)
            {
                metrics.CallEnded(call.Measure(CallOutcome.Completed, status, null));
                return;
            }
            if (exception is AnswerAbandoned)
            {
                metrics.CallEnded(call.Measure(CallOutcome.ClientAborted, CallOutcome.ClientGoneStatus, null));
                return;
            }
            var (outcome, error) = CallOutcome.Of(exception, cancellationToken);
            metrics.CallEnded(call.Measure(outcome, call.Started ? status : error?.Status ?? CallOutcome.ClientGoneStatus, error?.Code.Value));
        }, cancellationToken);
    }

    /// <summary>What one call's measurement keeps while its updates pass: the start, the first token, the last usage and verdict.</summary>
    private sealed class Measured(ChatCall call, TimeProvider time)
    {
        private readonly long _started = time.GetTimestamp();
        private long? _firstToken;
        private ChatUsage? _usage;
        private ProviderFacts? _facts;

        public bool Started { get; private set; }

        public void Observe(ChatUpdate update)
        {
            Started = true;
            if (_firstToken is null && (update.Content is { Length: > 0 } || update.WithheldContent is { Length: > 0 } || update.ToolCalls is not null)) _firstToken = time.GetTimestamp();
            _usage = update.Usage ?? _usage;
            _facts = update.Facts ?? _facts;
        }

        public CallMeasurement Measure(CallOutcome outcome, int status, string? errorType) => new(
            call.Route.Provider, call.Route.Name, call.Caller.Name, call.RouteName, call.Stream, outcome, status, errorType,
            time.GetElapsedTime(_started), _firstToken is { } first ? time.GetElapsedTime(_started, first) : null, _usage, _facts);
    }
}
