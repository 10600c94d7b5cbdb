using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using Emulators;
using Emulators.Baidu;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;
using Microsoft.Extensions.Time.Testing;

namespace Functions.Tests.Providers.Baidu;

/// <summary>The access token's lifecycle through the facade, counted at the emulator.</summary>
public sealed class BaiduTokenTests
{
    [Fact]
    public async Task Token_IsFetchedOnceAndReused()
    {
        await using var env = await BaiduEnvironment.StartAsync();
        var client = env.Facade.ChatClient(BaiduEnvironment.Model);

        for (var i = 0; i < 3; i++) await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal(1, env.Emulator.TokenRequestCount);
        Assert.Equal(3, env.Emulator.RequestCount);
    }

    [Fact]
    public async Task ThousandConcurrentColdRequests_MakeExactlyOneTokenRequest()
    {
        var emulator = new BaiduEmulator { TokenDelay = TimeSpan.FromMilliseconds(300) };
        await using var env = await BaiduEnvironment.StartAsync(emulator: emulator);
        var client = env.Facade.ChatClient(BaiduEnvironment.Model);

        var calls = Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
        {
            OpenAI.Chat.ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage($"Hi {i}")]);
            return completion.FinishReason;
        }));
        var reasons = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.All(reasons, r => Assert.Equal(ChatFinishReason.Stop, r));
        Assert.Equal(1, emulator.TokenRequestCount);
        Assert.Equal(1000, emulator.RequestCount);
    }

    [Fact]
    public async Task TokenExpiredMidRun_IsRefreshedOnceAndTheRequestResentOnce()
    {
        await using var env = await BaiduEnvironment.StartAsync();
        var client = env.Facade.ChatClient(BaiduEnvironment.Model);
        await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        env.Emulator.ExpireAllTokens();
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["after refresh"] });
        OpenAI.Chat.ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi again")]);

        Assert.Equal("after refresh", completion.Content[0].Text);
        Assert.Equal(2, env.Emulator.TokenRequestCount);
        Assert.Equal(1, env.Emulator.TokenRejections);
        Assert.Equal(2, env.Emulator.RequestCount);
    }

    [Fact]
    public async Task TokenExpiredMidRun_OnAStream_IsRefreshedOnceAndResentOnce()
    {
        await using var env = await BaiduEnvironment.StartAsync();
        var client = env.Facade.ChatClient(BaiduEnvironment.Model);
        await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        env.Emulator.ExpireAllTokens();
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["still ", "here"] });
        var text = "";
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi again")]))
        {
            foreach (var part in update.ContentUpdate) text += part.Text;
        }

        Assert.Equal("still here", text);
        Assert.Equal(2, env.Emulator.TokenRequestCount);
        Assert.Equal(1, env.Emulator.TokenRejections);
    }

    [Fact]
    public async Task TokenErrorInTheFirstStreamLine_IsRefreshedOnceAndResentOnce()
    {
        await using var env = await BaiduEnvironment.StartAsync();
        env.Emulator.NextScenarios.Enqueue(BaiduScenario.ErrorLineAfter(0, 111));
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["ok"] });

        var (response, events, _) = await BaiduTestHelpers.StreamRawAsync(env);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal(2, env.Emulator.TokenRequestCount);
        Assert.Equal(2, env.Emulator.RequestCount);
    }

    [Fact]
    public async Task TokenRefusedEvenAfterARefresh_Is502SayingTheBaiduCredentialsWereRejected()
    {
        var emulator = new BaiduEmulator { RefuseAllTokens = true };
        await using var env = await BaiduEnvironment.StartAsync(emulator: emulator);

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "Hi"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = JsonNode.Parse(body)!["error"]!;
        Assert.Equal("upstream_auth_failed", error["code"]!.GetValue<string>());
        Assert.Contains("Baidu rejected the facade's Baidu credentials", error["message"]!.GetValue<string>());
        Assert.Equal(2, emulator.TokenRequestCount);
        Assert.Equal(2, emulator.TokenRejections);
        BaiduTestHelpers.AssertNoSecrets(emulator, body);
    }

    [Theory]
    [InlineData(TokenFailures.UnknownClient, "upstream_auth_failed", "invalid_client")]
    [InlineData(TokenFailures.WrongSecret, "upstream_auth_failed", "Client authentication failed")]
    [InlineData(TokenFailures.UnsupportedGrant, "upstream_auth_failed", "unsupported_grant_type")]
    [InlineData(TokenFailures.ServerError, "upstream_protocol_error", "HTTP 500")]
    [InlineData(TokenFailures.Hang, "upstream_timeout", "did not answer within the token limit (Providers:Baidu:TokenTimeout = 00:00:00.3)")]
    public async Task TokenEndpointFailure_Is502Or504WithAClearMessage(string failure, string code, string expected)
    {
        var emulator = new BaiduEmulator { TokenFailure = failure };
        await using var env = await BaiduEnvironment.StartAsync(new Dictionary<string, string?> { ["Providers:Baidu:TokenTimeout"] = "00:00:00.300" }, emulator);
        var client = env.Facade.ChatClient(BaiduEnvironment.Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")])) { }
        });

        // Only the facade's own time limit is a 504 (docs/errors.md).
        Assert.Equal(code == "upstream_timeout" ? 504 : 502, error.Status);
        var body = error.GetRawResponse()!.Content.ToString();
        var envelope = JsonNode.Parse(body)!["error"]!;
        Assert.Equal(code, envelope["code"]!.GetValue<string>());
        Assert.Contains("Could not get a Baidu access token", envelope["message"]!.GetValue<string>());
        Assert.Contains(expected, envelope["message"]!.GetValue<string>());
        BaiduTestHelpers.AssertNoSecrets(emulator, body);
        Assert.Equal(0, emulator.RequestCount);
    }

    [Fact]
    public async Task WrongApiKeySecret_Is502AndNamesTheSecretsNotTheirValues()
    {
        await using var env = await BaiduEnvironment.StartAsync(new Dictionary<string, string?> { ["Secrets:Values:baidu-secret-key"] = "wrong-secret-value" });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "Hi"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("baidu-secret-key", body);
        Assert.DoesNotContain("wrong-secret-value", body);
    }

    [Fact]
    public async Task ExpiringToken_IsRefreshedInTheBackgroundWithoutARejection()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var emulator = new BaiduEmulator { TokenLifetime = TimeSpan.FromHours(2) };
        await using var env = await BaiduEnvironment.StartAsync(emulator: emulator, configure: b => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(b.Services, time));
        var client = env.Facade.ChatClient(BaiduEnvironment.Model);
        await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        // Two hours, less the 5-minute margin, less the refresh-ahead window (a quarter of the rest): inside the window.
        time.Advance(TimeSpan.FromMinutes(100));
        await client.CompleteChatAsync([new UserChatMessage("Hi")]);
        await WaitUntilAsync(() => emulator.TokenRequestCount == 2);
        await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal(2, emulator.TokenRequestCount);
        Assert.Equal(0, emulator.TokenRejections);
        Assert.Equal(3, emulator.RequestCount);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}
