using System.Text.RegularExpressions;

namespace Functions.Tests.Infra;

/// <summary>
/// Offline Bicep syntax check: no ERROR or MISSING node in any .bicep or .bicepparam file. Syntax only;
/// types, resource schemas and symbols are checked by `az bicep build` in a pipeline with internet access.
/// </summary>
public sealed partial class BicepSyntaxTests(BicepChecker checker) : IClassFixture<BicepChecker>
{
    [Fact]
    public async Task EveryBicepFile_ParsesWithoutErrorOrMissingNodes()
    {
        var expected = Directory.EnumerateFiles(RepositoryRoot.Combine("infra"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Count(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var result = await checker.CheckAsync();

        Assert.True(result.ExitCode == 0, result.Describe());
        var summary = Summary().Match(result.StandardOutput);
        Assert.True(summary.Success, result.Describe());
        Assert.Equal(expected, int.Parse(summary.Groups["files"].Value));
        Assert.True(expected >= 2, "infra/ should hold main.bicep, its modules and main.bicepparam.");
    }

    [Fact]
    public async Task Checker_WhenAFileIsBroken_FailsAndNamesFileAndLine()
    {
        var folder = Directory.CreateTempSubdirectory("bicep-check-");
        try
        {
            var broken = Path.Combine(folder.FullName, "broken.bicep");
            await File.WriteAllTextAsync(broken, """
                param location string = resourceGroup().location

                resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
                  name: 'kv-example'
                  location: location
                  properties: {
                    tenantId: subscription().tenantId
                    accessPolicies: [
                  }
                }
                """);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "fine.bicep"), "param name string\noutput upper string = toUpper(name)\n");

            var result = await checker.CheckAsync(folder.FullName);

            Assert.True(result.ExitCode == 1, result.Describe());
            Assert.Matches(@"broken\.bicep:\d+:\d+: (ERROR|MISSING)", result.StandardOutput);
            Assert.DoesNotContain("fine.bicep:", result.StandardOutput);
            Assert.Contains("2 file(s)", result.StandardOutput);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Checker_WhenABicepparamFileIsBroken_Fails()
    {
        var folder = Directory.CreateTempSubdirectory("bicep-check-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken.bicepparam"), "using './main.bicep'\n\nparam models = [\n  { name: 'a' \n");

            var result = await checker.CheckAsync(folder.FullName);

            Assert.True(result.ExitCode == 1, result.Describe());
            Assert.Matches(@"broken\.bicepparam:\d+:\d+: (ERROR|MISSING)", result.StandardOutput);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"check-bicep: (?<files>\d+) file\(s\), 0 syntax error\(s\)")]
    private static partial Regex Summary();
}
