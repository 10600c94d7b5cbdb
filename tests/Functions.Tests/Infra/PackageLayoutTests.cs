using System.IO.Compression;
using System.Text.Json;
using Functions.Core.Audit.Schedule;
using Functions.Core.Http;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Functions.Tests.Infra;

/// <summary>
/// The package the Functions host runs for a .NET isolated app: host.json, functions.metadata (every public route),
/// worker.config.json, LlmFacade.dll and the .azurefunctions/ folder at the zip root.
/// </summary>
public sealed class PackageLayoutTests(PackagedApp package) : IClassFixture<PackagedApp>
{
    [Fact]
    public void Publish_PutsTheRepositoryHostJsonAtTheRoot()
    {
        package.AssertPackaged();

        var published = Path.Combine(package.PublishPath, "host.json");
        Assert.True(File.Exists(published), "host.json is not at the publish root.");
        Assert.Equal(File.ReadAllText(RepositoryRoot.Combine("host.json")), File.ReadAllText(published));
    }

    [Fact]
    public void Publish_HasTheWorkersMetadataAndItsStartCommand()
    {
        package.AssertPackaged();

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.PublishPath, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("LlmFacade.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.True(Directory.Exists(Path.Combine(package.PublishPath, ".azurefunctions")), ".azurefunctions/ is not at the publish root.");
        Assert.Equal(FunctionMetadata.Read(Path.Combine(package.PublishPath, "functions.metadata")),
            FunctionMetadata.Read(Path.Combine(Path.GetDirectoryName(WorkerRig.WorkerPath)!, "functions.metadata")));
        // The audit schedule's timer functions are published too.
        Assert.Equal([("audit-purge", AuditSchedule.PurgeCron), ("audit-verify", AuditSchedule.VerifyCron)],
            FunctionMetadata.ReadTimers(Path.Combine(package.PublishPath, "functions.metadata")));
    }

    [Fact]
    public void Zip_HoldsTheLayoutAtItsRoot_DotFoldersIncluded()
    {
        package.AssertPackaged();

        using var zip = ZipFile.OpenRead(package.ZipPath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("host.json", entries);
        Assert.Contains("functions.metadata", entries);
        Assert.Contains("worker.config.json", entries);
        Assert.Contains("LlmFacade.dll", entries);
        Assert.Contains(entries, e => e.StartsWith(".azurefunctions/", StringComparison.Ordinal));
        Assert.DoesNotContain("local.settings.json", entries);
    }
}
