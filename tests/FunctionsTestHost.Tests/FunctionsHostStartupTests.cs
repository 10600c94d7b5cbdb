namespace FunctionsTestHost.Tests;

public sealed class FunctionsHostStartupTests
{
    [Fact]
    public async Task Start_WhenTheWorkerIsMissing_SaysSo()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "App.dll");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(
            () => FunctionsHost.StartAsync(new FunctionsHostOptions { WorkerPath = missing }));

        Assert.Contains("build it first", error.Message);
    }

    [Fact]
    public async Task Start_WhenTheProcessExitsBeforeConnecting_ReportsItsExitCodeAndOutput()
    {
        // The test host's own executable is no worker: it rejects the host's arguments and exits with 2.
        var notAWorker = typeof(FunctionsHost).Assembly.Location;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => FunctionsHost.StartAsync(new FunctionsHostOptions { WorkerPath = notAWorker }));

        Assert.Contains("exited with code 2 while waiting for StartStream", error.Message);
        Assert.Contains("Unknown or incomplete argument '--host'", error.Message);
    }
}
