using System.Text.RegularExpressions;

namespace Functions.Tests.Infra;

/// <summary>
/// What can be checked in the templates without the Bicep compiler: every module is a local file, and
/// every app setting the facade reads is set by main.bicep and explained in docs/deploy.md.
/// </summary>
public sealed partial class InfraTemplateTests
{
    /// <summary>The settings the app and the Functions host read; N is the index of a model, caller or app, M of a model in an allowlist.</summary>
    public static TheoryData<string> AppSettings() =>
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "AZURE_CLIENT_ID",
        "Secrets__VaultUri",
        "Secrets__ManagedIdentityClientId",
        "Audit__TableServiceUri",
        "Audit__TableName",
        "Audit__Schedule__Verify",
        "Audit__Schedule__Purge",
        "Audit__RetentionDays",
        "Models__N__Name",
        "Models__N__Provider",
        "Models__N__Target",
        "Providers__Lanrui__BaseUrl",
        "Providers__Baidu__BaseUrl",
        "Providers__MindIE__BaseUrl",
        "Callers__N__Name",
        "Callers__N__KeySha256",
        "Callers__N__PreviousKeySha256",
        "Callers__N__Models__M",
        "Auth__Entra__TenantId",
        "Auth__Entra__Audience",
        "Auth__Entra__Apps__N__AppId",
        "Auth__Entra__Apps__N__Name",
        "Auth__Entra__Apps__N__Models__M",
        "Auth__Entra__RequireListedApps",
    ];

    private static string Read(params string[] parts) => File.ReadAllText(RepositoryRoot.Combine(parts));

    [Theory]
    [MemberData(nameof(AppSettings))]
    public void MainBicep_SetsTheAppSetting(string setting)
    {
        var inBicep = setting.Replace("__N__", "__${i}__", StringComparison.Ordinal).Replace("__Models__M", "__Models__${m}", StringComparison.Ordinal);
        Assert.Contains($"name: '{inBicep}'", Read("infra", "main.bicep"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AppSettings))]
    public void DeployGuide_ExplainsTheAppSetting(string setting)
    {
        Assert.Contains($"`{setting}`", Read("docs", "deploy.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_UseOnlyLocalModulesThatExist()
    {
        var files = Directory.EnumerateFiles(RepositoryRoot.Combine("infra"), "*.bicep", SearchOption.AllDirectories)
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal));
        var modules = 0;
        foreach (var file in files)
        {
            foreach (Match match in ModuleReference().Matches(File.ReadAllText(file)))
            {
                var target = match.Groups["path"].Value;
                // Registry (br:, br/public:) and template-spec (ts:) modules need the network at build time.
                Assert.DoesNotMatch("^(br|ts)[:/]", target);
                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, target));
                Assert.True(File.Exists(resolved), $"{Path.GetFileName(file)} refers to a module that does not exist: {target}");
                modules++;
            }
        }

        Assert.True(modules > 0, "main.bicep should be split into modules.");
    }

    [Fact]
    public void FunctionApp_RunsTheDotnetIsolatedRuntime10OnFlexConsumption()
    {
        var functionApp = Read("infra", "modules", "functionapp.bicep");
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'dotnet-isolated'\s*version:\s*'10\.0'\s*\}", functionApp);
        Assert.Contains("tier: 'FlexConsumption'", functionApp, StringComparison.Ordinal);
        // On Flex these are derived or deprecated; setting them breaks the app.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", Read("infra", "main.bicep"), StringComparison.Ordinal);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", Read("infra", "main.bicep"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?<path>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();
}
