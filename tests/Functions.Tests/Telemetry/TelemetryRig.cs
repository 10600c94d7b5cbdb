using System.Diagnostics;
using Functions.Core.Telemetry;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Functions.Tests.Telemetry;

/// <summary>The facade with in-memory exporters: every metric point and span it produces, for assertions.</summary>
internal sealed class TelemetryRig(ExportedItems<Metric> metrics, ExportedItems<Activity> spans, IServiceProvider services, string? caller = null)
{
    /// <summary>Whether a point belongs to this rig's calls: with a caller given, points of other callers are other tests'.</summary>
    private bool Ours(Dictionary<string, object?> tags) =>
        caller is null || !tags.TryGetValue("caller", out var value) || value is "none" || Equals(value, caller);

    public ExportedItems<Activity> Spans { get; } = spans;

    /// <summary>A configure hook for <see cref="FacadeHost.StartAsync"/> that adds the in-memory exporters.</summary>
    public static (Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder> Configure, ExportedItems<Metric> Metrics, ExportedItems<Activity> Spans) Exporters()
    {
        var metrics = new ExportedItems<Metric>();
        var spans = new ExportedItems<Activity>();
        return (builder => builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(FacadeTelemetry.Name).AddInMemoryExporter(metrics))
            .WithTracing(t => t.AddSource(FacadeTelemetry.Name).AddFacadeSpans().AddInMemoryExporter(spans)), metrics, spans);
    }

    /// <summary>Every point of every metric so far: name, tags, value (sum or count).</summary>
    public List<(string Name, Dictionary<string, object?> Tags, double Value)> Points()
    {
        services.GetRequiredService<MeterProvider>().ForceFlush();
        services.GetRequiredService<TracerProvider>().ForceFlush();
        var points = new List<(string, Dictionary<string, object?>, double)>();
        foreach (var metric in metrics.ToList().Distinct())
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags) tags[tag.Key] = tag.Value;
                if (!Ours(tags)) continue;
                var value = metric.MetricType switch
                {
                    MetricType.Histogram => point.GetHistogramCount(),
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                    MetricType.LongGauge => point.GetGaugeLastValueLong(),
                    MetricType.DoubleSum => point.GetSumDouble(),
                    _ => point.GetGaugeLastValueDouble(),
                };
                points.Add((metric.Name, tags, value));
            }
        }
        return points;
    }

    /// <summary>Histogram sums by name and tags (the token counts recorded).</summary>
    public double HistogramSum(string name, Func<Dictionary<string, object?>, bool> match)
    {
        services.GetRequiredService<MeterProvider>().ForceFlush();
        var sum = 0.0;
        foreach (var metric in metrics.Where(m => m.Name == name).ToList().Distinct())
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags) tags[tag.Key] = tag.Value;
                if (Ours(tags) && match(tags)) sum += point.GetHistogramSum();
            }
        }
        return sum;
    }
}
