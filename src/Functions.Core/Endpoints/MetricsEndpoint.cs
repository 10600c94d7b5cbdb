using Microsoft.AspNetCore.Builder;

namespace Functions.Core.Endpoints;

/// <summary>
/// <c>GET /metrics</c>: the facade's metrics in the Prometheus text format when <c>Telemetry:Prometheus:Enabled</c> is true
/// (behind caller authentication unless <c>Telemetry:Prometheus:Anonymous</c>), else 404. OpenTelemetry's scraping
/// middleware is run here as a request delegate of its own, so both hosts serve it without ASP.NET Core middleware.
/// </summary>
public sealed class MetricsEndpoint(IServiceProvider services, IOptions<TelemetryOptions> options)
{
    private RequestDelegate? _scrape;

    public Task ScrapeAsync(HttpContext context)
    {
        if (!options.Value.Prometheus.Enabled) throw FacadeErrors.NotFound(context.Request.Path);
        _scrape ??= new ApplicationBuilder(services).UseOpenTelemetryPrometheusScrapingEndpoint().Build();
        return _scrape(context);
    }
}
