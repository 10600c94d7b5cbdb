using Functions.Core.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;

namespace Functions;

/// <summary>
/// The Azure Functions isolated worker host, used when the Functions host starts the app (it passes
/// <c>--functions-uri</c>). With the ASP.NET Core integration the host forwards each HTTP request to the worker's
/// own Kestrel and the <see cref="Triggers.FacadeFunctions"/> hand the <c>HttpContext</c> to the same request entry
/// Kestrel uses; the worker runs no ASP.NET Core middleware, and the chain needs none.
/// </summary>
public static class WorkerHost
{
    /// <summary>Whether the Functions host started this process.</summary>
    public static bool StartedByFunctionsHost(string[] args) => args.Contains("--functions-uri", StringComparer.Ordinal);

    /// <summary>Builds the worker and checks its configuration, as <see cref="KestrelHost.Create"/> does.</summary>
    public static IHost Create(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        // Every worker log line travels to the host over gRPC: ASP.NET Core's per-request lines would halve throughput.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.AddFacade();
        // The worker's own invocation spans and the host's resource attributes join the facade's telemetry.
        if (TelemetryServiceCollectionExtensions.Exports(builder.Configuration)) builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        var host = builder.Build();
        FacadeHosting.CheckConfiguration(host.Services);
        return host;
    }
}
