using FunctionsTestHost.Rpc;
using Microsoft.Extensions.Logging;

namespace FunctionsTestHost;

public sealed partial class FunctionsHost
{
    /// <summary>The host version this stand-in reports in <c>WorkerInitRequest</c>.</summary>
    public const string HostVersion = "4.0.0-functions-test-host";

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var start = await StepAsync(_channel.Started, "waiting for StartStream", cancellationToken);
        Log.Host(LogLevel.Information, $"Worker {start.WorkerId} connected.");

        var initRequest = new WorkerInitRequest
        {
            HostVersion = HostVersion,
            FunctionAppDirectory = AppDirectory,
            WorkerDirectory = AppDirectory,
        };
        _channel.Send(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), WorkerInitRequest = initRequest });
        var init = await StepAsync(_channel.Initialized, "waiting for WorkerInitResponse", cancellationToken);
        EnsureSuccess(init.Result, "WorkerInitRequest");
        WorkerCapabilities = init.Capabilities.ToDictionary();
        if (!init.Capabilities.TryGetValue("HttpUri", out var httpUri) || !Uri.TryCreate(httpUri, UriKind.Absolute, out var workerUri))
        {
            throw new InvalidOperationException("The worker did not report the HttpUri capability: this host only forwards "
                + "HTTP to workers with the ASP.NET Core integration (ConfigureFunctionsWebApplication).");
        }

        WorkerHttpUri = workerUri;
        Log.Host(LogLevel.Information, $"Worker initialized; HttpUri {workerUri}; capabilities: "
            + string.Join(", ", init.Capabilities.Select(c => $"{c.Key}={c.Value}")));

        _channel.Send(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = AppDirectory },
        });
        var metadata = await StepAsync(_channel.Metadata, "waiting for FunctionMetadataResponse", cancellationToken);
        EnsureSuccess(metadata.Result, "FunctionsMetadataRequest");
        if (metadata.UseDefaultMetadataIndexing)
        {
            throw new NotSupportedException("The worker asked for host indexing (function.json); this host supports worker indexing only.");
        }

        Functions = await LoadAsync(metadata.FunctionMetadataResults, cancellationToken);
    }

    private async Task<IReadOnlyList<HttpFunction>> LoadAsync(IEnumerable<RpcFunctionMetadata> declared, CancellationToken cancellationToken)
    {
        var routePrefix = RoutePrefix(AppDirectory);
        var functions = new List<HttpFunction>();
        var loads = new List<Task<FunctionLoadResponse>>();
        foreach (var metadata in declared)
        {
            var functionId = metadata.FunctionId is { Length: > 0 } id ? id : Guid.NewGuid().ToString();
            loads.Add(_channel.LoadAsync(new FunctionLoadRequest { FunctionId = functionId, Metadata = metadata }));
            if (HttpFunction.FromMetadata(metadata, functionId, routePrefix) is { } function)
            {
                functions.Add(function);
                if (!string.Equals(function.AuthLevel, "Anonymous", StringComparison.OrdinalIgnoreCase))
                {
                    Log.Host(LogLevel.Warning, $"{function.Name} declares authLevel {function.AuthLevel}; this host does not check keys.");
                }
            }
            else
            {
                Log.Host(LogLevel.Warning, $"{metadata.Name} has no HTTP trigger; this host loads it but never invokes it.");
            }
        }

        foreach (var response in await StepAsync(Task.WhenAll(loads), "waiting for FunctionLoadResponses", cancellationToken))
        {
            EnsureSuccess(response.Result, $"FunctionLoadRequest {response.FunctionId}");
        }

        foreach (var function in functions)
        {
            Log.Host(LogLevel.Information, $"Loaded {function}");
        }

        return functions;
    }

    /// <summary>Awaits one handshake step, failing early with the worker's output if the process exits meanwhile.</summary>
    private async Task<T> StepAsync<T>(Task<T> step, string doing, CancellationToken cancellationToken)
    {
        try
        {
            var first = await Task.WhenAny(step, _worker.Exited).WaitAsync(cancellationToken);
            if (first == step || step.IsCompleted)
            {
                return await step;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The worker did not answer within {_options.StartupTimeout.TotalSeconds:0.#} s while {doing}.{RecentOutput()}");
        }

        await _worker.StopAsync(TimeSpan.Zero);
        throw new InvalidOperationException($"The worker exited with code {_worker.ExitCode} while {doing}.{RecentOutput()}");
    }

    private void EnsureSuccess(StatusResult? result, string request)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"The worker failed {request}: {RpcFailure.Describe(result)}{RecentOutput()}");
        }
    }

    private string RecentOutput()
    {
        var lines = Log.Entries.TakeLast(40).Select(entry => entry.ToString());
        return Environment.NewLine + "Recent host and worker output:" + Environment.NewLine + string.Join(Environment.NewLine, lines);
    }
}
