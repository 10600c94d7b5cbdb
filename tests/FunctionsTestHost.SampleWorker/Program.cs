using FunctionsTestHost.SampleWorker;
using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// One executable, two hosts: the Functions host starts a worker with --functions-uri (and more); without it the
// worker's builder would stop at once ("Configuration is missing the 'HostEndpoint'"), so run plain Kestrel.
if (args.Contains("--functions-uri"))
{
    var builder = FunctionsApplication.CreateBuilder(args);
    builder.ConfigureFunctionsWebApplication();
    // Every worker log travels to the host over gRPC: keep ASP.NET Core's per-request lines out of it.
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.Build().Run();
}
else
{
    var builder = WebApplication.CreateSlimBuilder(args);
    var app = builder.Build();
    app.MapPost("/v1/chat/completions", SampleHandlers.ChatAsync);
    app.MapGet("/v1/models", SampleHandlers.ModelsAsync);
    app.MapGet("/test/release/{id}", SampleHandlers.ReleaseAsync);
    app.MapGet("/test/aborted/{id}", SampleHandlers.AbortedAsync);
    app.Run();
}
