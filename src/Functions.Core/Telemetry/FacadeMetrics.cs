using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Functions.Core.Telemetry;

/// <summary>
/// The facade's instruments, following the OpenTelemetry GenAI conventions where they apply (names, units, attributes),
/// plus the facade's own dimensions <c>caller</c> and <c>route</c>. Attribute values are bounded
/// (<see cref="MetricNames"/>): no request id, no prompt, no caller or model the configuration does not name.
/// </summary>
public sealed class FacadeMetrics
{
    private readonly Histogram<long> _tokens;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _timePerOutputToken;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _verdicts;
    private readonly Counter<long> _tokenFetches;
    private readonly Histogram<double> _auditWrite;
    private readonly MetricNames _names;

    public FacadeMetrics(IMeterFactory meterFactory, MetricNames names, ISecretStoreHealth secrets, IAuditStore audit)
    {
        _names = names;
        var meter = meterFactory.Create(FacadeTelemetry.Name);
        _tokens = meter.CreateHistogram("gen_ai.client.token.usage", "{token}", "Tokens a call used, by type (input, output).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304] });
        _duration = meter.CreateHistogram("gen_ai.client.operation.duration", "s", "Time from sending a call to the provider to its end.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, 163.84] });
        _timeToFirstToken = meter.CreateHistogram("gen_ai.server.time_to_first_token", "s", "Time from sending a call to its first text or tool call.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 30.0] });
        _timePerOutputToken = meter.CreateHistogram("gen_ai.server.time_per_output_token", "s", "Time per output token after the first, for streams.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5] });
        _requests = meter.CreateCounter<long>("llm_facade.requests", "{request}", "Requests by outcome and status, refused ones included.");
        _verdicts = meter.CreateCounter<long>("llm_facade.baidu.verdicts", "{call}", "Baidu's safety verdicts, by flag and need_clear_history.");
        _tokenFetches = meter.CreateCounter<long>("llm_facade.baidu.token_fetches", "{fetch}", "Baidu access token fetches and refreshes, by result.");
        meter.CreateObservableGauge("llm_facade.secrets.state", () => States.Select(state =>
                new Measurement<int>(secrets.Status.State == state ? 1 : 0, new KeyValuePair<string, object?>("state", state.ToString()))),
            "{state}", "The secret store's last known state: 1 for the current one, 0 for the others.");
        _auditWrite = meter.CreateHistogram("llm_facade.audit.write.duration", "s", "Time to make a call's audit record durable before it goes upstream, by result (written, refused, failed, cancelled).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });
        meter.CreateObservableGauge("llm_facade.audit.queue_depth", () => audit.Statistics.Committer is var c ? c.WaitingOperations + c.InFlightOperations : 0,
            "{operation}", "Audit table operations waiting or under way.");
        meter.CreateObservableGauge("llm_facade.audit.pending_completions", () => audit.Statistics.PendingCompletions,
            "{completion}", "Call outcomes waiting for the audit store (retried until they land).");
        meter.CreateObservableGauge("llm_facade.audit.pending_completion_bytes", () => audit.Statistics.PendingCompletionBytes,
            "By", "Memory held by those outcomes, approximately.");
        meter.CreateObservableGauge("llm_facade.audit.operations_per_request", () => audit.Statistics.Committer.OperationsPerRequest,
            "{operation}", "Table operations per storage request (group commit's batching).");
        meter.CreateObservableCounter("llm_facade.audit.refusals", () => audit.Statistics is var a ? a.Refused + a.BeginFailures : 0,
            "{call}", "Calls refused because their record could not be written in time (admission control or timeout).");
        meter.CreateObservableCounter("llm_facade.audit.lost_outcomes", () => audit.Statistics is var a ? a.CompletionFailures + a.CompletionsDropped : 0,
            "{completion}", "Call outcomes never written: refused by the service, dropped at the bound (fail open), or left at shutdown.");
    }

    private static readonly SecretStoreState[] States = Enum.GetValues<SecretStoreState>();

    /// <summary>Records a call that reached a provider, however it ended.</summary>
    public void CallEnded(in CallMeasurement call)
    {
        var tags = new TagList
        {
            { FacadeTelemetry.Attributes.OperationName, "chat" },
            { FacadeTelemetry.Attributes.ProviderName, call.Provider },
            { FacadeTelemetry.Attributes.RequestModel, _names.Model(call.Model) },
            { FacadeTelemetry.Attributes.ResponseModel, _names.Model(call.Model) },
            { FacadeTelemetry.Attributes.Caller, _names.Caller(call.Caller) },
            { FacadeTelemetry.Attributes.Route, call.Route },
        };
        if (call.ErrorType is { } errorType) tags.Add(FacadeTelemetry.Attributes.ErrorType, errorType);
        _duration.Record(call.Duration.TotalSeconds, tags);
        if (call.TimeToFirstToken is { } first) _timeToFirstToken.Record(first.TotalSeconds, tags);
        if (call.Stream && call.TimeToFirstToken is { } start && call.Usage is { CompletionTokens: > 1 } streamed)
            _timePerOutputToken.Record((call.Duration - start).TotalSeconds / (streamed.CompletionTokens - 1), tags);
        if (call.Usage is { } usage)
        {
            var input = tags;
            input.Add(FacadeTelemetry.Attributes.TokenType, "input");
            _tokens.Record(usage.PromptTokens, input);
            var output = tags;
            output.Add(FacadeTelemetry.Attributes.TokenType, "output");
            _tokens.Record(usage.CompletionTokens, output);
        }
        var request = tags;
        request.Add(FacadeTelemetry.Attributes.Outcome, call.Outcome.Value);
        request.Add(FacadeTelemetry.Attributes.Status, call.Status);
        _requests.Add(1, request);
        if (call.Facts is { Flag: not null } or { NeedClearHistory: not null })
        {
            _verdicts.Add(1, new TagList
            {
                { "baidu.flag", call.Facts.Flag ?? 0 },
                { "baidu.need_clear_history", call.Facts.NeedClearHistory == true },
                { FacadeTelemetry.Attributes.Caller, _names.Caller(call.Caller) },
                { FacadeTelemetry.Attributes.RequestModel, _names.Model(call.Model) },
            });
        }
    }

    /// <summary>Records a request that did not reach a provider: refused (4xx, 5xx) or served by the facade alone.</summary>
    public void RequestServed(string route, string? caller, int status, string? errorType)
    {
        var tags = new TagList
        {
            { FacadeTelemetry.Attributes.Route, route },
            { FacadeTelemetry.Attributes.Caller, _names.Caller(caller) },
            { FacadeTelemetry.Attributes.Outcome, status < 400 ? CallOutcome.Completed.Value : CallOutcome.Rejected.Value },
            { FacadeTelemetry.Attributes.Status, status },
        };
        if (errorType is not null) tags.Add(FacadeTelemetry.Attributes.ErrorType, errorType);
        _requests.Add(1, tags);
    }

    /// <summary>Records how long a call's audit record took to land, or to be refused: <paramref name="result"/> <c>written</c>, <c>refused</c> or <c>failed</c>.</summary>
    public void AuditRecordWritten(TimeSpan elapsed, string result) => _auditWrite.Record(elapsed.TotalSeconds, new TagList { { "result", result } });

    /// <summary>Records one fetch of Baidu's access token: <paramref name="kind"/> <c>fetch</c> or <c>refresh</c>.</summary>
    public void BaiduTokenFetched(string kind, bool succeeded) =>
        _tokenFetches.Add(1, new TagList { { "kind", kind }, { "result", succeeded ? "ok" : "failed" } });
}
