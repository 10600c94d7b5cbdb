using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// One Azurite Table service, started from the repository's own <c>node_modules/.bin/azurite-table</c>
/// (installed by <c>npm ci</c>) on a free loopback port, with its data in a temporary folder so that it
/// survives <see cref="StopAsync"/> and <see cref="StartAsync"/>.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("azurite-").FullName;
    private Process? _process;

    private AzuriteInstance(string executable, int port)
    {
        _executable = executable;
        Port = port;
    }

    /// <summary>The loopback port the Table service listens on.</summary>
    public int Port { get; }

    /// <summary>Azurite's well-known development account (public, documented by Microsoft).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The key of <see cref="DevelopmentAccountName"/> (public, documented by Microsoft).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The connection string of Azurite's documented development account on this instance.</summary>
    public string ConnectionString => ConnectionStringFor(Port);

    /// <summary>The development account's connection string for a Table endpoint on a loopback port.</summary>
    public static string ConnectionStringFor(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};" +
        $"AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/{DevelopmentAccountName};";

    /// <summary>Starts a new instance and waits until it answers.</summary>
    public static async Task<AzuriteInstance> StartNewAsync()
    {
        var instance = new AzuriteInstance(FindExecutable(), FreePort());
        await instance.StartAsync();
        return instance;
    }

    /// <summary>Starts the process (again) on the same port and folder, and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(_executable)
        {
            ArgumentList =
            {
                "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--location", _dataFolder, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before it answered on port {Port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not answer on port {Port} within 60 seconds.");
    }

    /// <summary>
    /// Stops the process the way a person stops it: SIGINT (Ctrl+C), on which Azurite saves its data to the folder and
    /// exits; killed if it has not exited within 15 seconds.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            if (!OperatingSystem.IsWindows() && Terminate(process.Id, 2) == 0)
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    // Did not exit in time: killed below.
                }
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process: the temp folder is cleaned up by the OS later.
        }
    }

    private static string FindExecutable()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "package.json")) && File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                var executable = Path.Combine(directory.FullName, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite-table.cmd" : "azurite-table");
                return File.Exists(executable)
                    ? executable
                    : throw new InvalidOperationException(
                        $"Azurite is not installed at {executable}. Run `npm ci` in {directory.FullName} (it installs the azurite devDependency from package-lock.json), then run the tests again.");
            }
        }

        throw new InvalidOperationException("Could not find the repository root (package.json next to Functions.sln) above " + AppContext.BaseDirectory);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int pid, int signal);

    /// <summary>A loopback port nothing listens on (for a store that cannot be reached at all).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
