namespace Functions.Core.Telemetry;

/// <summary>
/// The <c>Telemetry</c> section. Exporters also follow the standard environment: OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();

    public sealed class PrometheusOptions
    {
        /// <summary>Serve <c>GET /metrics</c> in the Prometheus text format.</summary>
        public bool Enabled { get; set; }

        /// <summary>Let <c>GET /metrics</c> answer without caller authentication (a scraper inside a private network).</summary>
        public bool Anonymous { get; set; }
    }
}
