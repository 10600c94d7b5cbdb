using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FunctionsTestHost;

/// <summary>
/// The worker process, started the way the Functions host starts a dotnet-isolated worker
/// (<c>worker.config.json</c>: <c>dotnet &lt;app&gt;.dll</c> plus the host's arguments and environment), with its
/// output captured line by line into the <see cref="HostLog"/>.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HostLog _log;

    private WorkerProcess(Process process, HostLog log)
    {
        _process = process;
        _log = log;
    }

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited { get; private set; } = Task.CompletedTask;

    /// <summary>The exit code, once <see cref="Exited"/> has completed.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the worker of <paramref name="options"/>, connecting back to <paramref name="hostUri"/>.</summary>
    public static WorkerProcess Start(FunctionsHostOptions options, Uri hostUri, string workerId, HostLog log)
    {
        var appDirectory = Path.GetDirectoryName(Path.GetFullPath(options.WorkerPath))!;
        var requestId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo(options.DotnetPath ?? DotnetExecutable())
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        start.ArgumentList.Add(Path.GetFullPath(options.WorkerPath));
        // The host passes both spellings (RpcWorkerContext.GetFormattedArguments); the worker reads the second.
        foreach (var argument in new[]
        {
            "--host", hostUri.Host, "--port", hostUri.Port.ToString(), "--workerId", workerId,
            "--requestId", requestId, "--grpcMaxMessageLength", int.MaxValue.ToString(),
            "--functions-uri", hostUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", int.MaxValue.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = appDirectory;
        foreach (var (key, value) in options.Settings)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, log);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, e) => worker.Capture(HostLogSource.WorkerStdout, e.Data);
        process.ErrorDataReceived += (_, e) => worker.Capture(HostLogSource.WorkerStderr, e.Data);

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        worker.Exited = exited.Task;
        log.Host(LogLevel.Information, $"Started worker process {process.Id}: dotnet {Path.GetFileName(options.WorkerPath)}");
        return worker;
    }

    /// <summary>Waits up to <paramref name="grace"/> for the process to exit, then kills it and its children.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            await Exited.WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            _log.Host(LogLevel.Warning, $"Worker process {_process.Id} did not exit within {grace.TotalSeconds:0.#} s; killing it.");
            _process.Kill(entireProcessTree: true);
            await Exited;
        }

        // Exited fires before the output readers have drained: this waits for the last lines.
        await _process.WaitForExitAsync();
        _log.Host(LogLevel.Information, $"Worker process exited with code {_process.ExitCode}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync(TimeSpan.Zero);
        }

        _process.Dispose();
    }

    private void Capture(HostLogSource source, string? line)
    {
        if (line is not null)
        {
            var level = source == HostLogSource.WorkerStderr ? LogLevel.Warning : LogLevel.Information;
            _log.Write(source, level, source == HostLogSource.WorkerStderr ? "stderr" : "stdout", line);
        }
    }

    private static string DotnetExecutable() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath
            ? hostPath
            : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
