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
}
