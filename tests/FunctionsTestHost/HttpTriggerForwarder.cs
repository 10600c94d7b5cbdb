using System.Buffers;
using System.Diagnostics;
using System.Net;
using FunctionsTestHost.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace FunctionsTestHost;

/// <summary>
/// What the host does for one HTTP-triggered call to a worker with the <c>HttpUri</c> capability: start forwarding
/// the request to the worker's own Kestrel with <c>x-ms-invocation-id</c> (streaming both ways, each chunk flushed to
/// the client as it arrives), then send the matching <c>InvocationRequest</c>, and finish when both the response
/// and the <c>InvocationResponse</c> are in. A client that goes away cancels the forwarded request and, when the
/// worker handles it, gets an <c>InvocationCancel</c> sent.
/// </summary>
internal sealed class HttpTriggerForwarder(
    FunctionRouteTable routes, WorkerChannel channel, Uri workerUri, bool workerHandlesCancel, HostLog log)
{
    /// <summary>The header the worker pairs an HTTP request and its invocation by (DefaultHttpCoordinator).</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private const int BufferSize = 16 * 1024;
    private static readonly TimeSpan s_invocationResponseWait = TimeSpan.FromSeconds(30);

    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    /// <summary>Serves one request of the HTTP front.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        if (!routes.TryMatch(context.Request.Method, context.Request.Path, out var function, out var routeValues))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        var aborted = context.RequestAborted;
        // As the host does (GrpcWorkerChannel.SendInvocationRequest): forwarding starts before the invocation is sent.
        var forwarding = SendAsync(context, invocationId, aborted);
        var invocation = channel.InvokeAsync(NewInvocation(context, function, invocationId, routeValues));
        using var cancel = workerHandlesCancel
            ? aborted.Register(() => SendCancel(invocationId, invocation))
            : default;

        try
        {
            using var response = await forwarding;
            await CopyResponseAsync(context, response, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            log.Host(LogLevel.Information, $"The client went away during {function.Name}; the forwarded request was cancelled.", invocationId);
        }
        catch (HttpRequestException exception)
        {
            log.Host(LogLevel.Error, $"Forwarding {function.Name} to the worker failed: {exception.Message}", invocationId);
            Fail(context, StatusCodes.Status502BadGateway);
        }
        catch (IOException exception)
        {
            log.Host(LogLevel.Error, $"The worker's response to {function.Name} broke off: {exception.Message}", invocationId);
            context.Abort();
        }

        await CompleteInvocationAsync(context, function, invocationId, invocation);
    }

    private async Task CompleteInvocationAsync(HttpContext context, HttpFunction function, string invocationId,
        Task<InvocationResponse> invocation)
    {
        try
        {
            var outcome = await invocation.WaitAsync(s_invocationResponseWait);
            if (outcome.Result?.Status != StatusResult.Types.Status.Success)
            {
                log.Host(outcome.Result?.Status == StatusResult.Types.Status.Cancelled ? LogLevel.Information : LogLevel.Error,
                    $"Invocation of {function.Name} ended {RpcFailure.Describe(outcome.Result)}", invocationId);
                Fail(context, StatusCodes.Status500InternalServerError);
            }
        }
        catch (TimeoutException)
        {
            channel.Forget(invocationId);
            log.Host(LogLevel.Error, $"No InvocationResponse for {function.Name} within {s_invocationResponseWait.TotalSeconds} s after its HTTP response.", invocationId);
        }
        catch (IOException exception)
        {
            log.Host(LogLevel.Error, $"No InvocationResponse for {function.Name}: {exception.Message}", invocationId);
            Fail(context, StatusCodes.Status500InternalServerError);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpContext context, string invocationId, CancellationToken aborted)
    {
        // The worker may report HttpUri before its Kestrel listens; the host retries connection failures
        // (RetryProxyHandler: 10 attempts, 50 ms doubling to 250 ms). A refused connection has read no body yet.
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            using var request = NewForwardedRequest(context, invocationId);
            try
            {
                return await _invoker.SendAsync(request, aborted);
            }
            catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConnectionError && attempt < 10)
            {
                log.Host(LogLevel.Warning, $"Worker connection failed ({exception.Message}); retry {attempt} in {delay.TotalMilliseconds} ms.", invocationId);
                await Task.Delay(delay, aborted);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
            }
        }
    }

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response, CancellationToken aborted)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        ForwardedHeaders.CopyResponseHeaders(response, context.Response.Headers);
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        await using var body = await response.Content.ReadAsStreamAsync(aborted);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, aborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                // Flush per read: a server-sent event must reach the client when the worker flushed it.
                await context.Response.Body.FlushAsync(aborted);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private HttpRequestMessage NewForwardedRequest(HttpContext context, string invocationId)
    {
        var incoming = context.Request;
        var target = new Uri(workerUri, incoming.Path.ToUriComponent() + incoming.QueryString.ToUriComponent());
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? incoming.ContentLength > 0)
        {
            request.Content = new StreamContent(incoming.Body, BufferSize);
        }

        ForwardedHeaders.CopyRequestHeaders(context, request);
        request.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        return request;
    }

    private static InvocationRequest NewInvocation(HttpContext context, HttpFunction function, string invocationId,
        RouteValueDictionary routeValues)
    {
        var invocation = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            // The worker needs a trace context (GrpcFunctionInvocation reads it without a null check).
            TraceContext = new RpcTraceContext { TraceParent = TraceParent(context), TraceState = "" },
        };

        // With HttpUri the host keeps the trigger's binding data minimal: an empty RpcHttp (ToRpcHttp).
        invocation.InputData.Add(new ParameterBinding
        {
            Name = function.TriggerName,
            Data = new TypedData { Http = new RpcHttp() },
        });

        // Route parameters are binding data the worker can bind to function parameters of the same name.
        foreach (var (name, value) in routeValues)
        {
            if (value?.ToString() is { } text)
            {
                invocation.TriggerMetadata[name] = new TypedData { String = text };
            }
        }

        return invocation;
    }

    private static string TraceParent(HttpContext context) =>
        context.Request.Headers["traceparent"].ToString() is { Length: 55 } incoming
            ? incoming
            : $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00";

    private void SendCancel(string invocationId, Task<InvocationResponse> invocation)
    {
        if (!invocation.IsCompleted)
        {
            channel.Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });
        }
    }

    private static void Fail(HttpContext context, int status)
    {
        if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            context.Response.StatusCode = status;
        }
    }
}
