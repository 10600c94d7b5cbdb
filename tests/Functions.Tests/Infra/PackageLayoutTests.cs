using System.IO.Compression;
using System.Runtime.Versioning;

namespace Functions.Tests.Infra;

/// <summary>
/// The package the Functions host runs: host.json, every function folder and the LlmFacade executable at
/// the root, the executable bit kept in the zip (a zip without it leaves the host unable to start the app).
/// </summary>
public sealed class PackageLayoutTests(PackagedApp package) : IClassFixture<PackagedApp>
{
    private const string Executable = "LlmFacade";

    /// <summary>Every function folder in the source tree (more are added as providers are).</summary>
    private static IEnumerable<string> SourceFunctionNames() =>
        Directory.EnumerateDirectories(RepositoryRoot.Combine("src", "Functions", "functions"))
            .Select(d => Path.GetFileName(d))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> FunctionNames() => new(SourceFunctionNames());

    [Fact]
    public void Publish_PutsTheRepositoryHostJsonAtTheRoot()
    {
        package.AssertPackaged();

        var published = Path.Combine(package.PublishPath, "host.json");
        Assert.True(File.Exists(published), "host.json is not at the publish root.");
        Assert.Equal(File.ReadAllText(RepositoryRoot.Combine("host.json")), File.ReadAllText(published));
    }

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Publish_PutsEachFunctionFolderAtTheRootWithItsFunctionJson(string name)
    {
        package.AssertPackaged();

        var source = RepositoryRoot.Combine("src", "Functions", "functions", name, "function.json");
        var published = Path.Combine(package.PublishPath, name, "function.json");
        Assert.True(File.Exists(source), $"src/Functions/functions/{name} has no function.json.");
        Assert.True(File.Exists(published), $"{name}/function.json is not in the publish output.");
        Assert.Equal(File.ReadAllText(source), File.ReadAllText(published));
        Assert.False(Directory.Exists(Path.Combine(package.PublishPath, "functions")), "Function folders must be at the root, not under functions/.");
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void Publish_LeavesLlmFacadeExecutableAndSelfContained()
    {
        package.AssertPackaged();

        var executable = Path.Combine(package.PublishPath, Executable);
        Assert.True(File.Exists(executable), $"{Executable} is not at the publish root.");
        Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), $"{Executable} is not executable.");
        // The `custom` runtime image may have no .NET on it: the runtime must travel with the app.
        Assert.True(File.Exists(Path.Combine(package.PublishPath, "libcoreclr.so")), "The publish is not self-contained (no libcoreclr.so).");
        Assert.Contains("includedFrameworks", File.ReadAllText(Path.Combine(package.PublishPath, $"{Executable}.runtimeconfig.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_HoldsTheLayoutAtItsRootAndKeepsTheExecutableBit()
    {
        package.AssertPackaged();

        using var zip = ZipFile.OpenRead(package.ZipPath);
        var entries = zip.Entries.ToDictionary(e => e.FullName, StringComparer.Ordinal);

        Assert.Contains("host.json", entries.Keys);
        foreach (var name in SourceFunctionNames())
        {
            Assert.Contains($"{name}/function.json", entries.Keys);
        }

        Assert.True(entries.TryGetValue(Executable, out var executable), $"{Executable} is not at the zip root.");
        var mode = (UnixFileMode)((executable.ExternalAttributes >> 16) & 0x1FF);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{Executable} has mode {Convert.ToString((int)mode, 8)} in the zip: the executable bit was lost.");
    }
}
