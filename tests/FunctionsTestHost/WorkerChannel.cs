using System.Collections.Concurrent;
using System.Threading.Channels;
using FunctionsTestHost.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace FunctionsTestHost;

/// <summary>
/// The host's end of the worker's <c>FunctionRpc.EventStream</c>: one writer loop for everything the host sends
/// (gRPC allows one write at a time), and the dispatch of what the worker sends to whoever waits for it.
/// </summary>
internal sealed class WorkerChannel
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<StartStream> _started = NewSource<StartStream>();
    private readonly TaskCompletionSource<WorkerInitResponse> _initialized = NewSource<WorkerInitResponse>();
    private readonly TaskCompletionSource<FunctionMetadataResponse> _metadata = NewSource<FunctionMetadataResponse>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> _loads = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HostLog _log;
    private int _attached;
    private volatile bool _terminating;

    public WorkerChannel(HostLog log) => _log = log;

    /// <summary>Completes with the worker's <c>StartStream</c>.</summary>
    public Task<StartStream> Started => _started.Task;

    /// <summary>Completes with the worker's <c>WorkerInitResponse</c>.</summary>
    public Task<WorkerInitResponse> Initialized => _initialized.Task;

    /// <summary>Completes with the worker's <c>FunctionMetadataResponse</c>.</summary>
    public Task<FunctionMetadataResponse> Metadata => _metadata.Task;

    /// <summary>Completes when the worker's stream has ended.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Queues a message for the worker.</summary>
    public void Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    /// <summary>Sends a <c>FunctionLoadRequest</c> and returns the task of its response.</summary>
    public Task<FunctionLoadResponse> LoadAsync(FunctionLoadRequest request)
    {
        var response = _loads.GetOrAdd(request.FunctionId, _ => NewSource<FunctionLoadResponse>());
        Send(new StreamingMessage { RequestId = NewRequestId(), FunctionLoadRequest = request });
        return response.Task;
    }

    /// <summary>Sends an <c>InvocationRequest</c> and returns the task of its response.</summary>
    public Task<InvocationResponse> InvokeAsync(InvocationRequest request)
    {
        var response = NewSource<InvocationResponse>();
        _invocations[request.InvocationId] = response;
        Send(new StreamingMessage { RequestId = NewRequestId(), InvocationRequest = request });
        return response.Task;
    }

    /// <summary>Sends <c>WorkerTerminate</c>: the worker stops its application and exits; its stream ending is expected.</summary>
    public void Terminate(TimeSpan gracePeriod)
    {
        _terminating = true;
        Send(new StreamingMessage
        {
            WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(gracePeriod) },
        });
    }

    /// <summary>Forgets an invocation whose response nobody waits for any more.</summary>
    public void Forget(string invocationId) => _invocations.TryRemove(invocationId, out _);

    /// <summary>Serves the worker's stream until it ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> fromWorker, IServerStreamWriter<StreamingMessage> toWorker,
        CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _attached, 1) == 1)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.AlreadyExists, "This test host serves one worker stream."));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = WriteAllAsync(toWorker, stop.Token);
        try
        {
            while (await fromWorker.MoveNext(stop.Token))
            {
                Dispatch(fromWorker.Current);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is IOException or Grpc.Core.RpcException)
        {
            _log.Host(_terminating ? LogLevel.Debug : LogLevel.Warning, $"The worker's stream broke: {exception.Message}");
        }
        finally
        {
            stop.Cancel();
            await writer;
            Close();
        }
    }

    private async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
            {
                await toWorker.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or IOException)
        {
            // The stream ended: nothing more can be sent.
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message.StartStream);
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                _initialized.TrySetResult(message.WorkerInitResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                _metadata.TrySetResult(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                _loads.GetOrAdd(message.FunctionLoadResponse.FunctionId, _ => NewSource<FunctionLoadResponse>())
                    .TrySetResult(message.FunctionLoadResponse);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryRemove(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.TrySetResult(message.InvocationResponse);
                }

                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                var log = message.RpcLog;
                _log.Write(HostLogSource.WorkerRpc, (LogLevel)(int)log.Level, log.Category, log.Message,
                    log.InvocationId, log.Exception is null ? null : RpcFailure.Describe(log.Exception));
                break;
            case StreamingMessage.ContentOneofCase.WorkerStatusResponse:
            case StreamingMessage.ContentOneofCase.None:
                // None: the worker's empty reply to WorkerTerminate (GrpcWorker answers every request).
                break;
            default:
                _log.Host(LogLevel.Debug, $"Ignored a {message.ContentCase} message from the worker.");
                break;
        }
    }

    private void Close()
    {
        var closed = new IOException("The worker's stream has ended.");
        _started.TrySetException(closed);
        _initialized.TrySetException(closed);
        _metadata.TrySetException(closed);
        foreach (var pending in _loads.Values)
        {
            pending.TrySetException(closed);
        }

        foreach (var invocationId in _invocations.Keys)
        {
            if (_invocations.TryRemove(invocationId, out var pending))
            {
                pending.TrySetException(closed);
            }
        }

        _outbound.Writer.TryComplete();
        _closed.TrySetResult();
    }

    private static string NewRequestId() => Guid.NewGuid().ToString();

    private static TaskCompletionSource<T> NewSource<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
