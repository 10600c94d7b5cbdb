using System.Net;
using System.Net.Sockets;

namespace Functions.Tests.Infra;

/// <summary>
/// <c>run.sh</c>, the README's "run it locally" command: busy ports are named all at once before anything starts, and
/// "ready" is said only of a facade that is alive and answers as the facade; a process that dies is named.
/// </summary>
public sealed class RunScriptTests
{
    private static readonly TimeSpan s_checkTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task CheckPorts_WithTwoPortsTaken_NamesBothInOneLineAndFails()
    {
        using var facade = Listen();
        using var azurite = Listen();
        var facadePort = PortOf(facade);
        var azuritePort = PortOf(azurite);

        var result = await RunAsync(["--check-ports", .. PortArguments(facadePort, azuritePort)], s_checkTimeout);

        Assert.True(result.ExitCode != 0, result.Describe());
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{facadePort} (facade)", line);
        Assert.Contains($"{azuritePort} (Azurite)", line);
        Assert.DoesNotContain("Facade ready", result.Output);
    }

    [Fact]
    public async Task CheckPorts_WithEveryPortFree_Succeeds()
    {
        var result = await RunAsync(["--check-ports", .. PortArguments(FreePort(), FreePort())], s_checkTimeout);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Run_WithAPortTaken_StopsBeforeStartingAnything()
    {
        using var lanrui = Listen();
        var lanruiPort = PortOf(lanrui);

        var result = await RunAsync(["--no-build", "--port", FreePort().ToString(), "--lanrui-port", lanruiPort.ToString(), "--baidu-port", FreePort().ToString(),
            "--mindie-port", FreePort().ToString(), "--azurite-port", FreePort().ToString()], s_checkTimeout);

        Assert.True(result.ExitCode != 0, result.Describe());
        Assert.Contains($"{lanruiPort} (Lanrui emulator)", result.StandardError);
        Assert.DoesNotContain("Facade ready", result.Output);
    }

    [Fact]
    public async Task Run_WhenTheFacadeDiesAtStart_NamesItPrintsNoReadyBannerAndFails()
    {
        // A setting the facade refuses (exit 78) makes its process end before it ever answers.
        var result = await RunAsync(["Providers__Lanrui__IdleTimeout=-00:00:01", "bash", "run.sh", "--no-build", .. PortArguments(FreePort(), FreePort())],
            s_runTimeout, throughEnv: true);

        Assert.True(result.ExitCode != 0, result.Describe());
        Assert.Contains("the facade exited before it answered", result.StandardError);
        Assert.DoesNotContain("Facade ready", result.Output);
    }

    [Fact]
    public async Task Help_PrintsTheUsageOnly()
    {
        var result = await RunAsync(["--help"], s_checkTimeout);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("--check-ports", result.StandardOutput);
        Assert.DoesNotContain("set -euo", result.StandardOutput);
        Assert.DoesNotContain("#", result.StandardOutput.Split('\n')[0]);
        Assert.Equal("", result.StandardError);
    }

    private static Task<ToolResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, bool throughEnv = false) =>
        throughEnv
            ? ToolProcess.RunAsync("env", arguments, RepositoryRoot.Path, timeout)
            : ToolProcess.RunAsync("bash", ["run.sh", .. arguments], RepositoryRoot.Path, timeout);

    private static string[] PortArguments(int facadePort, int azuritePort) =>
        ["--port", facadePort.ToString(), "--azurite-port", azuritePort.ToString(),
         "--lanrui-port", FreePort().ToString(), "--baidu-port", FreePort().ToString(), "--mindie-port", FreePort().ToString()];

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>A port nothing listens on now (the system's next ephemeral one).</summary>
    private static int FreePort()
    {
        using var listener = Listen();
        var port = PortOf(listener);
        listener.Stop();
        return port;
    }
}
