namespace FunctionsTestHost;

/// <summary>Where a <see cref="HostLogEntry"/> came from.</summary>
public enum HostLogSource
{
    /// <summary>The test host itself: start-up, forwarding, invocation results.</summary>
    Host,

    /// <summary>A log the worker sent over the protocol (<c>RpcLog</c>): its <c>ILogger</c> output.</summary>
    WorkerRpc,

    /// <summary>A line the worker process wrote to its standard output.</summary>
    WorkerStdout,

    /// <summary>A line the worker process wrote to its standard error.</summary>
    WorkerStderr,
}
