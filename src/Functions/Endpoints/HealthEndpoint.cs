using Functions.Http;

namespace Functions.Endpoints;

/// <summary>
/// <c>GET /health</c>: liveness, no authentication, no upstream calls. <c>GET /</c> answers the same at
/// once: the Functions host polls it while the worker starts.
/// </summary>
public static class HealthEndpoint
{
    public const string Route = "/health";
    public const string ReadinessRoute = "/";

    public static Task HandleAsync(HttpContext context) =>
        JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, 0, static (w, _) =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, "ok"u8);
            w.WriteEndObject();
        });
}
