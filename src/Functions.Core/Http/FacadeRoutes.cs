using Functions.Core.Endpoints;
using Functions.Core.Providers.Baidu;
using Functions.Core.Providers.MindIE;
using Microsoft.AspNetCore.Routing;

namespace Functions.Core.Http;

/// <summary>
/// Every public route, in one table that both hosts serve: Kestrel hands every request to the
/// <see cref="RequestEntry"/>, the Functions worker has one trigger per route that does the same. A path that no
/// route has is a 404, a known path with another method a 405, both in the error envelope.
/// </summary>
public sealed class FacadeRoutes
{
    public FacadeRoutes(ChatEndpoint chat, ModelsEndpoint models, HealthEndpoint health, MetricsEndpoint metrics, IOptions<TelemetryOptions> telemetry)
    {
        All =
        [
            new("root", "/", HttpMethods.Get, authenticated: false, health.RootAsync),
            new("health", HealthEndpoint.Route, HttpMethods.Get, authenticated: false, health.LiveAsync),
            new("health-ready", HealthEndpoint.ReadyRoute, HttpMethods.Get, authenticated: false, health.ReadyAsync),
            new("metrics", "/metrics", HttpMethods.Get, authenticated: !telemetry.Value.Prometheus.Anonymous, metrics.ScrapeAsync),
            new("chat-completions", "/v1/chat/completions", HttpMethods.Post, authenticated: true, chat.CompletionsAsync),
            new("models", "/v1/models", HttpMethods.Get, authenticated: true, models.ListAsync),
            new("model", "/v1/models/{model}", HttpMethods.Get, authenticated: true, models.GetAsync),
            new("baidu-chat", "/baidu/chat/{endpoint}", HttpMethods.Post, authenticated: true,
                context => chat.PassThroughAsync(context, BaiduProvider.ProviderName, static (http, _) => http.Request.RouteValues["endpoint"] as string)),
            new("mindie-chat", "/mindie/v1/chat/completions", HttpMethods.Post, authenticated: true,
                context => chat.PassThroughAsync(context, MindIEProvider.ProviderName, static (_, request) => request.Model)),
        ];
    }

    public IReadOnlyList<FacadeRoute> All { get; }

    /// <summary>The route for the request, its parameters set as the request's route values; 404 or 405 otherwise.</summary>
    public FacadeRoute Match(HttpContext context)
    {
        var request = context.Request;
        List<string>? allowed = null;
        foreach (var route in All)
        {
            var values = new RouteValueDictionary();
            if (!route.Matches(request.Path, values)) continue;
            if (HttpMethods.Equals(route.Method, request.Method))
            {
                request.RouteValues = values;
                return route;
            }
            (allowed ??= []).Add(route.Method);
        }
        throw allowed is null ? FacadeErrors.NotFound(request.Path) : FacadeErrors.MethodNotAllowed(request.Method, allowed);
    }
}
