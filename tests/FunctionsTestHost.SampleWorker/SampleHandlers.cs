using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FunctionsTestHost.SampleWorker;

/// <summary>
/// The handlers both hosts call. A chat request <c>{"stream":true,"hold":"id"}</c> writes event 1 and holds event 2
/// until <c>GET /test/release/id</c>; <c>{"stream":true,"hang":"id"}</c> writes event 1 and waits for the client to
/// go away, which <c>GET /test/aborted/id</c> then reports.
/// </summary>
public static class SampleHandlers
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> s_releases = new();
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> s_aborts = new();

    public static async Task ChatAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var request = body.RootElement;
        if (!(request.TryGetProperty("stream", out var stream) && stream.GetBoolean()))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hello"}}]}""");
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await WriteEventAsync(context, """{"n":1}""");
        if (request.TryGetProperty("hold", out var hold))
        {
            await Signal(s_releases, hold.GetString()!).Task.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
        }

        if (request.TryGetProperty("hang", out var hang))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Signal(s_aborts, hang.GetString()!).TrySetResult();
                throw;
            }
        }

        await WriteEventAsync(context, """{"n":2}""");
        await WriteEventAsync(context, "[DONE]");
    }

    public static Task ModelsAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"object":"list","data":[{"id":"sample","object":"model"}]}""");
    }

    public static Task ReleaseAsync(HttpContext context)
    {
        Signal(s_releases, (string)context.Request.RouteValues["id"]!).TrySetResult();
        return Task.CompletedTask;
    }

    public static async Task AbortedAsync(HttpContext context)
    {
        var aborted = Signal(s_aborts, (string)context.Request.RouteValues["id"]!).Task;
        var answer = await Task.WhenAny(aborted, Task.Delay(TimeSpan.FromSeconds(20))) == aborted ? "aborted" : "not aborted";
        await context.Response.WriteAsync(answer);
    }

    public static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            $$$"""{"error":{"code":"not_found","method":"{{{context.Request.Method}}}","path":"{{{context.Request.Path}}}"}}""");
    }

    private static async Task WriteEventAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync($"data: {data}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string id) =>
        signals.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
