using Functions.Tests.Infra;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Options;

namespace Functions.Tests.Hosting;

/// <summary>Bad configuration stops start-up with a message that names the setting.</summary>
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("Models:0:Provider", "openai", "Models:0:Provider")]
    [InlineData("Models:0:Target", "", "Models:0:Target")]
    [InlineData("Models:0:Name", "", "Models:0:Name")]
    [InlineData("Providers:Lanrui:BaseUrl", "not a url", "Providers:Lanrui:BaseUrl")]
    [InlineData("Providers:Lanrui:IdleTimeout", "-00:00:01", "Providers:Lanrui:IdleTimeout")]
    [InlineData("Callers:0:KeySha256", "ABC", "Callers:0:KeySha256")]
    [InlineData("Secrets:CacheTtl", "00:00:00", "Secrets:CacheTtl")]
    [InlineData("Audit:MaxPendingCompletions", "0", "Audit:MaxPendingCompletions")]
    [InlineData("Audit:RetentionDays", "0", "Audit:RetentionDays")]
    [InlineData("Audit:Schedule:Verify", "true", "Audit:Schedule:Verify")]
    public async Task BadSetting_StopsStartUpNamingIt(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Models:0:Name"] = "m",
            ["Models:0:Provider"] = "lanrui",
            ["Models:0:Target"] = "t",
            [key] = value,
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => FacadeHost.StartAsync(settings));

        Assert.StartsWith(named + " ", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task DuplicateModelName_StopsStartUp()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Models:0:Name"] = "m", ["Models:0:Provider"] = "lanrui", ["Models:0:Target"] = "t",
            ["Models:1:Name"] = "m", ["Models:1:Provider"] = "lanrui", ["Models:1:Target"] = "u",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => FacadeHost.StartAsync(settings));

        Assert.Equal("Models:1:Name 'm' is configured twice.", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task TheExecutable_WithBadSettings_ExitsWith78AndPrintsEveryProblem()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "LlmFacade.dll");

        var result = await ToolProcess.RunAsync("dotnet", [app, "--Models:0:Name=m", "--Models:0:Provider=openai", "--Models:0:Target=t", "--Providers:Lanrui:IdleTimeout=-00:00:01"],
            AppContext.BaseDirectory, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 78, result.Describe());
        Assert.Contains("Configuration error: Models:0:Provider 'openai' is not one of:", result.StandardError);
        Assert.Contains("Configuration error: Providers:Lanrui:IdleTimeout must be positive.", result.StandardError);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Theory]
    [InlineData("--Audit:ConnectionString=this is not a connection string", "Configuration error: Audit:ConnectionString is not a storage connection string")]
    [InlineData("--Providers:Lanrui:TotalTimeout=abc", "Configuration error: Providers:Lanrui:TotalTimeout is not a valid time span")]
    public async Task TheExecutable_WithASettingThatDoesNotParse_ExitsWith78NamingIt(string setting, string line)
    {
        var result = await RunFacadeAsync(["--Models:0:Name=m", "--Models:0:Provider=lanrui", "--Models:0:Target=t", setting]);

        Assert.True(result.ExitCode == 78, result.Describe());
        Assert.StartsWith(line, result.StandardError);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("this is not", result.Output);
    }

    [Fact]
    public async Task TheExecutable_OutsideDevelopment_WithAModelsSecretMissing_ExitsWith78NamingTheSecret()
    {
        var result = await RunFacadeAsync(["--Models:0:Name=m", "--Models:0:Provider=lanrui", "--Models:0:Target=t", "--urls=http://127.0.0.1:0"]);

        Assert.True(result.ExitCode == 78, result.Describe());
        Assert.Contains("Configuration error: Secret lanrui-api-key (Secrets:Values:lanrui-api-key without Key Vault) is not set", result.StandardError);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task TheExecutable_OnABusyPort_SaysSoInOneLineAndFails()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var result = await RunFacadeAsync(["--Models:0:Name=m", "--Models:0:Provider=lanrui", "--Models:0:Target=t", "--Secrets:Values:lanrui-api-key=k",
            $"--urls=http://127.0.0.1:{port}"]);

        Assert.True(result.ExitCode is not 0 and not 134, result.Describe());
        Assert.Contains($"Start-up error: Failed to bind to address http://127.0.0.1:{port}", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Fact]
    public async Task TheExecutable_OutsideDevelopment_WithNoModelsNoCallersNoSealKeyAndNoStore_SaysWhatItLacksAndExitsWith78()
    {
        // Nothing listens on port 1: the store is refused at once.
        const string unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

        var result = await RunFacadeAsync(["--urls=http://127.0.0.1:0", $"--Audit:ConnectionString={unreachable}", "--Secrets:Values:audit-seal-key=too-short"]);

        Assert.True(result.ExitCode == 78, result.Describe());
        Assert.Contains("with no models (Models:N:Name", result.StandardError);
        Assert.Contains("and no callers (Callers:N:Name", result.StandardError);
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Development", result.StandardError);
        Assert.Contains("Configuration error: Secret audit-seal-key (Secrets:Values:audit-seal-key without Key Vault) is shorter than 32 characters", result.StandardError);
        Assert.Contains("Configuration error: Audit:ConnectionString / Audit:TableServiceUri: the audit store", result.StandardError);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("too-short", result.Output);
    }

    private static Task<ToolResult> RunFacadeAsync(IReadOnlyList<string> arguments) =>
        ToolProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "LlmFacade.dll"), .. arguments], AppContext.BaseDirectory, TimeSpan.FromSeconds(60));
}
