using System.Net;
using Emulators;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.Lanrui;

/// <summary>Upstream failures before the first byte: mapped status and envelope, never the upstream's URL or key.</summary>
public sealed class LanruiUpstreamErrorTests
{
    [Fact]
    public async Task WrongProviderKey_Is502UpstreamAuthFailed()
    {
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?> { ["Secrets:Values:lanrui-api-key"] = "wrong-key" });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "x"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("upstream_auth_failed", error["code"]!.GetValue<string>());
        Assert.DoesNotContain("wrong-key", error.ToJsonString());
    }

    [Fact]
    public async Task UnreachableProvider_Is502UpstreamUnreachable()
    {
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?> { ["Providers:Lanrui:BaseUrl"] = "http://127.0.0.1:1/v1" });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "x"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_unreachable", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task SlowFirstByte_Is504()
    {
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?> { ["Providers:Lanrui:FirstByteTimeout"] = "00:00:00.300" });
        env.Emulator.NextScenarios.Enqueue(new Scenario { FirstByteDelay = TimeSpan.FromSeconds(5) });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "x"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream_timeout", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpstreamOverloaded_Is503()
    {
        await using var env = await LanruiEnvironment.StartAsync();
        env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 503 });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("server_is_overloaded", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }
}
