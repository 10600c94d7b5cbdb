using Functions.Core.Http;
using Functions.Core.Secrets;
using Microsoft.AspNetCore.Http;

namespace Functions.Core.Endpoints;

/// <summary>
/// <c>GET /health</c>: liveness, no authentication, no upstream calls; it shows the secret store's last known
/// state without reading anything. <c>GET /health/ready</c>: readiness, reads the secrets (through the cache)
/// and answers 503 when they cannot be served. <c>GET /</c> answers at once (a host may poll it while the app starts).
/// </summary>
public sealed class HealthEndpoint(ISecretStoreHealth secrets)
{
    public const string Route = "/health";
    public const string ReadyRoute = "/health/ready";

    public Task LiveAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, "ok", secrets.Status);

    public Task RootAsync(HttpContext context) =>
        JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, 0, static (w, _) =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, "ok"u8);
            w.WriteEndObject();
        });

    public async Task ReadyAsync(HttpContext context)
    {
        var status = await secrets.CheckAsync(context.RequestAborted).ConfigureAwait(false);
        var ready = status.State is SecretStoreState.Ready or SecretStoreState.Degraded;
        await WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, ready ? "ready" : "unavailable", status).ConfigureAwait(false);
    }

    private static Task WriteAsync(HttpContext context, int status, string text, SecretStoreStatus secrets) =>
        JsonResponse.WriteAsync(context.Response, status, (text, secrets), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, s.text);
            w.WriteStartObject("secrets"u8);
            w.WriteString("state"u8, s.secrets.State.ToString());
            if (s.secrets.LastSuccess is { } success) w.WriteString("lastSuccess"u8, success);
            if (s.secrets.OutageSince is { } outage) w.WriteString("outageSince"u8, outage);
            if (s.secrets.LastError is { } error) w.WriteString("lastError"u8, error);
            w.WriteEndObject();
            w.WriteEndObject();
        });
}
