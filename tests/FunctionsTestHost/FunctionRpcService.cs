using FunctionsTestHost.Rpc;
using Grpc.Core;

namespace FunctionsTestHost;

/// <summary>The gRPC service the worker connects to (<c>--functions-uri</c>): hands its stream to the channel.</summary>
internal sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        channel.RunAsync(requestStream, responseStream, context.CancellationToken);
}
