namespace FunctionsTestHost;

/// <summary>What <see cref="FunctionsHost.StartAsync"/> starts and how.</summary>
public sealed class FunctionsHostOptions
{
    /// <summary>
    /// The built worker: the path of its <c>&lt;app&gt;.dll</c>. Its folder is the function app directory (where the
    /// Worker Sdk put <c>functions.metadata</c>, <c>worker.config.json</c> and <c>host.json</c>).
    /// </summary>
    public required string WorkerPath { get; init; }

    /// <summary>The loopback port of the HTTP front; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>App settings, given to the worker as environment variables (as the host does).</summary>
    public IDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the worker may take from process start to the last function loaded.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the worker may take to exit after <c>WorkerTerminate</c> before it is killed.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Called with each log entry as it arrives (a test's output, a console).</summary>
    public Action<HostLogEntry>? OnLog { get; init; }

    /// <summary>The <c>dotnet</c> executable that runs the worker; by default the one running this process.</summary>
    public string? DotnetPath { get; init; }
}
