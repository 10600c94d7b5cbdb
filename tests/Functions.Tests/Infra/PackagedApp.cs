namespace Functions.Tests.Infra;

/// <summary>
/// Runs <c>scripts/package.sh --fast</c> once for the package tests: a framework-dependent linux-x64 publish
/// (without ReadyToRun, for speed) and the zip made from it. Build intermediates stay under the test output
/// folder so later runs are incremental; the publish folder and the zip are made afresh each time.
/// </summary>
public sealed class PackagedApp : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(9);

    public string OutPath { get; } = Path.Combine(AppContext.BaseDirectory, "package-check");

    public string PublishPath => Path.Combine(OutPath, "publish");

    public string ZipPath => Path.Combine(OutPath, "facade.zip");

    internal ToolResult? Result { get; private set; }

    public async Task InitializeAsync()
    {
        Result = await ToolProcess.RunAsync(
            "bash", [RepositoryRoot.Combine("scripts", "package.sh"), "--fast", "--out", OutPath], RepositoryRoot.Path, s_timeout);
    }

    public Task DisposeAsync()
    {
        // 100+ MB that no later run reuses.
        if (Directory.Exists(PublishPath))
        {
            Directory.Delete(PublishPath, recursive: true);
        }

        File.Delete(ZipPath);
        return Task.CompletedTask;
    }

    /// <summary>Fails the calling test with the script's output when packaging did not succeed.</summary>
    internal void AssertPackaged()
    {
        Assert.NotNull(Result);
        Assert.True(Result.ExitCode == 0, Result.Describe());
    }
}
