using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Functions.Core.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Functions.Core.Telemetry;

/// <summary>Registers the facade's metrics, and the OpenTelemetry SDK with the exporters the environment asks for.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// The meter's instruments are always there (recording without a listener costs next to nothing). The SDK —
    /// ASP.NET Core and HttpClient instrumentation, the facade's spans and instruments — is added when an exporter is
    /// asked for: OTLP (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), Azure Monitor (<c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>,
    /// signed in with the managed identity <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names) or Prometheus
    /// (<c>Telemetry:Prometheus:Enabled</c>, served at <c>GET /metrics</c>).
    /// </summary>
    public static OpenTelemetryBuilder? AddFacadeTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TelemetryOptions>(configuration.GetSection(TelemetryOptions.SectionName));
        services.AddMetrics();
        services.AddSingleton(sp => new MetricNames(
            sp.GetRequiredService<IOptions<CallerListOptions>>().Value.Callers.Select(c => c.Name!)
                .Concat(sp.GetRequiredService<IOptions<EntraIdOptions>>().Value.Apps.Select(a => a.Name ?? a.AppId!)),
            sp.GetRequiredService<ModelCatalog>().Models.Select(m => m.Name)));
        services.AddSingleton<FacadeMetrics>();

        if (!Exports(configuration)) return null;
        var prometheus = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.Prometheus.Enabled == true;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("llm-facade"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FacadeTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (prometheus) metrics.AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(FacadeTelemetry.Name).AddFacadeSpans();
                if (otlp) tracing.AddOtlpExporter();
            });
        if (!string.IsNullOrWhiteSpace(azureMonitor))
        {
            builder.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = azureMonitor;
                // "Authorization=AAD;ClientId=<id>": the app's user-assigned identity, as the Functions host uses it.
                if (configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] is { } authentication
                    && authentication.Split(';').FirstOrDefault(p => p.StartsWith("ClientId=", StringComparison.OrdinalIgnoreCase)) is { } clientId)
                {
                    options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId["ClientId=".Length..]));
                }
            });
        }
        return builder;
    }

    /// <summary>Whether the configuration asks for any exporter (and so for the OpenTelemetry SDK).</summary>
    public static bool Exports(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.Prometheus.Enabled == true
        || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);

    /// <summary>
    /// The request span (ASP.NET Core) and the upstream call's child span (HttpClient), without what must never leave:
    /// query strings (Baidu's <c>access_token</c> rides in one, a caller may send keys in one) are redacted from URLs,
    /// and no trace context is written into requests to providers (<see cref="ExtractOnlyPropagator"/>).
    /// </summary>
    public static TracerProviderBuilder AddFacadeSpans(this TracerProviderBuilder tracing)
    {
        Sdk.SetDefaultTextMapPropagator(new ExtractOnlyPropagator());
        return tracing.AddAspNetCoreInstrumentation(options =>
        {
            options.EnrichWithHttpRequest = (activity, request) =>
            {
                if (request.QueryString.HasValue) activity.SetTag("url.query", "redacted");
            };
        })
        .AddHttpClientInstrumentation(options =>
        {
            options.EnrichWithHttpRequestMessage = (activity, request) => activity.SetTag("url.full", UrlRedactor.Redact(request.RequestUri));
        });
    }
}
