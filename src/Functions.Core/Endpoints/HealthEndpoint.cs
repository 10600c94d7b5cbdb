using Functions.Core.Http;

namespace Functions.Core.Endpoints;

/// <summary>
/// <c>GET /health</c>: liveness, no authentication, no upstream calls; it shows the secret store's last known
/// state and the audit store's counters without reading anything. <c>GET /health/ready</c>: readiness, reads the
/// secrets the configured models' providers use (through the cache) and answers 503 when they cannot be served
/// (a vault outage with every value cached is <c>Degraded</c>, still ready), or when <see cref="ReadinessCheck"/>
/// finds a problem (a secret not set, an unusable seal key, an audit store that does not answer): the reasons go to
/// the log, not to whoever asks. <c>GET /</c> answers at once (a host may poll it while the app starts).
/// </summary>
public sealed class HealthEndpoint(ISecretStoreHealth secrets, IAuditStore audit, ChatProviders providers, ModelCatalog catalog, ReadinessCheck readiness)
{
    private readonly IReadOnlyList<string> _secretsInUse =
    [
        .. providers.SecretsOf(catalog.Models.Select(m => m.Provider)),
        // The audit seals its rows with a key of its own; without it rows are written unsealed.
        .. audit is NoOpAuditStore ? [] : new[] { SecretNames.AuditSealKey },
    ];

    /// <summary>
    /// The facade's name in every health answer (<c>"service"</c>): what tells a caller, such as <c>run.sh</c> waiting
    /// for its own facade, that the answer came from the facade and not from whatever else listens on the port.
    /// </summary>
    public const string ServiceName = "llm-facade";

    public const string Route = "/health";
    public const string ReadyRoute = "/health/ready";

    public Task LiveAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, "ok", secrets.Status, audit.Statistics);

    public Task RootAsync(HttpContext context) =>
        JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, 0, static (w, _) =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, "ok"u8);
            w.WriteString("service"u8, ServiceName);
            w.WriteEndObject();
        });

    public async Task ReadyAsync(HttpContext context)
    {
        var status = await secrets.CheckAsync(_secretsInUse, context.RequestAborted).ConfigureAwait(false);
        var ready = status.State is SecretStoreState.Ready or SecretStoreState.Degraded
            && (await readiness.ProblemsAsync(context.RequestAborted).ConfigureAwait(false)).Count == 0;
        await WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, ready ? "ready" : "unavailable", status).ConfigureAwait(false);
    }

    private static Task WriteAsync(HttpContext context, int status, string text, SecretStoreStatus secrets, AuditStoreStatistics? audit = null) =>
        JsonResponse.WriteAsync(context.Response, status, (text, secrets, audit), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, s.text);
            w.WriteString("service"u8, ServiceName);
            w.WriteStartObject("secrets"u8);
            w.WriteString("state"u8, s.secrets.State.ToString());
            if (s.secrets.LastSuccess is { } success) w.WriteString("lastSuccess"u8, success);
            if (s.secrets.OutageSince is { } outage) w.WriteString("outageSince"u8, outage);
            if (s.secrets.LastError is { } error) w.WriteString("lastError"u8, error);
            w.WriteEndObject();
            if (s.audit is { } a) WriteAudit(w, a);
            w.WriteEndObject();
        });

    /// <summary>The audit store's counters (the benchmark reads them; metrics later).</summary>
    private static void WriteAudit(System.Text.Json.Utf8JsonWriter w, AuditStoreStatistics a)
    {
        var c = a.Committer;
        w.WriteStartObject("audit"u8);
        w.WriteNumber("begun"u8, a.Begun);
        w.WriteNumber("refused"u8, a.Refused);
        w.WriteNumber("beginFailures"u8, a.BeginFailures);
        w.WriteNumber("completed"u8, a.Completed);
        w.WriteNumber("completionFailures"u8, a.CompletionFailures);
        w.WriteNumber("pendingCompletions"u8, a.PendingCompletions);
        w.WriteNumber("pendingCompletionBytes"u8, a.PendingCompletionBytes);
        w.WriteNumber("completionsDropped"u8, a.CompletionsDropped);
        w.WriteNumber("rejectionsPending"u8, a.RejectionsPending);
        w.WriteNumber("rejectionsRecorded"u8, a.RejectionsRecorded);
        w.WriteNumber("rejectionsSummarised"u8, a.RejectionsSummarised);
        w.WriteNumber("callsPerSecond"u8, a.CallsPerSecond);
        w.WriteNumber("activeLanes"u8, a.ActiveLanes);
        w.WriteNumber("operations"u8, c.Operations);
        w.WriteNumber("requests"u8, c.Requests);
        w.WriteNumber("failedRequests"u8, c.FailedRequests);
        w.WriteNumber("transactions"u8, c.Transactions);
        w.WriteNumber("largestTransaction"u8, c.LargestTransaction);
        w.WriteNumber("operationsPerRequest"u8, c.OperationsPerRequest);
        w.WriteNumber("operationsPerSecond"u8, c.OperationsPerSecond);
        w.WriteNumber("requestsPerSecond"u8, c.RequestsPerSecond);
        w.WriteNumber("waitingOperations"u8, c.WaitingOperations);
        w.WriteNumber("inFlightOperations"u8, c.InFlightOperations);
        w.WriteEndObject();
    }
}
