using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsTestHost.SampleWorker;

/// <summary>The HTTP triggers: each a one-line call into <see cref="SampleHandlers"/>.</summary>
public static class SampleFunctions
{
    [Function("ChatCompletions")]
    public static Task ChatAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/chat/completions")] HttpRequest request) =>
        SampleHandlers.ChatAsync(request.HttpContext);

    [Function("Models")]
    public static Task ModelsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/models")] HttpRequest request) =>
        SampleHandlers.ModelsAsync(request.HttpContext);

    [Function("Release")]
    public static Task ReleaseAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/release/{id}")] HttpRequest request) =>
        SampleHandlers.ReleaseAsync(request.HttpContext);

    [Function("Aborted")]
    public static Task AbortedAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/aborted/{id}")] HttpRequest request) =>
        SampleHandlers.AbortedAsync(request.HttpContext);

    /// <summary>Every path and method no other function takes: the place for a 404/405 error envelope.</summary>
    [Function("NotFound")]
    public static Task NotFoundAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest request) =>
        SampleHandlers.NotFoundAsync(request.HttpContext);
}
