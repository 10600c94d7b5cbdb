using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using Emulators;
using Emulators.Baidu;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.Baidu;

/// <summary>Baidu's faults (HTTP 200 + error_code, errors in streams, drops) as the client sees them, and the retries before the first byte.</summary>
public sealed class BaiduFaultTests : IAsyncLifetime
{
    private BaiduEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await BaiduEnvironment.StartAsync(new Dictionary<string, string?>
    {
        ["Providers:Baidu:IdleTimeout"] = "00:00:02",
    });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private async Task<(HttpResponseMessage Response, JsonObject Error)> FailAsync(Scenario scenario, bool stream = false)
    {
        _env.Emulator.NextScenarios.Enqueue(scenario);
        var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "Hi", stream));
        var body = await response.Content.ReadAsStringAsync();
        BaiduTestHelpers.AssertNoSecrets(_env.Emulator, body);
        return (response, JsonNode.Parse(body)!["error"]!.AsObject());
    }

    [Theory]
    [InlineData(336100)]
    [InlineData(18)]
    [InlineData(2)]
    public async Task TransientError_IsRetriedBeforeTheFirstByte(int code)
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Error(code));
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["ok"] });
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        OpenAI.Chat.ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("ok", completion.Content[0].Text);
        Assert.Equal(2, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task TransientError_AsTheFirstStreamLine_IsRetried()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.ErrorLineAfter(0, 336100));
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["ok"] });

        var (response, events, _) = await BaiduTestHelpers.StreamRawAsync(_env);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal(2, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task TransientError_ThatPersists_Is503AfterTheRetries()
    {
        for (var i = 0; i < 3; i++) _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Error(336100));

        var (response, error) = await FailAsync(new Scenario { Chunks = ["never"] });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("server_is_overloaded", error["code"]!.GetValue<string>());
        Assert.Contains("336100", error["message"]!.GetValue<string>());
        Assert.Equal(3, _env.Emulator.RequestCount);
    }

    [Theory]
    [InlineData(336501)]
    [InlineData(336502)]
    public async Task RateLimit_Is429WithRetryAfterAndRateLimitHeaders(int code)
    {
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Error(code));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(429, error.Status);
        var response = error.GetRawResponse()!;
        Assert.True(response.Headers.TryGetValue("retry-after", out _));
        Assert.True(response.Headers.TryGetValue("x-ratelimit-remaining-requests", out var remaining));
        Assert.Equal("0", remaining);
        Assert.Contains("rate_limit_exceeded", response.Content.ToString());
        Assert.Equal(1, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task QuotaExhausted_Is429InsufficientQuotaThatShouldNotBeRetried()
    {
        var (response, error) = await FailAsync(BaiduScenario.Error(17));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("insufficient_quota", error["code"]!.GetValue<string>());
        Assert.Equal("insufficient_quota", error["type"]!.GetValue<string>());
        Assert.Equal("false", BaiduTestHelpers.Header(response, "x-should-retry"));
    }

    [Theory]
    [InlineData(336003, 400, "context_length_exceeded")]
    [InlineData(336006, 400, "invalid_request")]
    [InlineData(336005, 404, "model_not_found")]
    [InlineData(336004, 403, "model_not_allowed")]
    [InlineData(336000, 502, "upstream_error")]
    [InlineData(999999, 502, "upstream_error")]
    public async Task OtherErrors_AreMappedPerTheTable(int code, int status, string errorCode)
    {
        var (response, error) = await FailAsync(BaiduScenario.Error(code));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(errorCode, error["code"]!.GetValue<string>());
        Assert.Contains(code.ToString(), error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StreamRequest_AnsweredWithAJsonError_IsAnErrorStatus()
    {
        var (response, error) = await FailAsync(BaiduScenario.Error(336501), stream: true);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("rate_limit_exceeded", error["code"]!.GetValue<string>());
        Assert.Equal("0", BaiduTestHelpers.Header(response, "x-ratelimit-remaining-requests"));
    }

    [Fact]
    public async Task Stream_BareJsonErrorLineMidway_SendsAnErrorEventAndNoDone()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.ErrorLineAfter(2, 336003, "a", "b", "c"));

        var (response, events, body) = await BaiduTestHelpers.StreamRawAsync(_env);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("[DONE]", events);
        Assert.Equal(2, events.Count(e => e.Contains("\"content\":\"a\"") || e.Contains("\"content\":\"b\"")));
        var error = JsonNode.Parse(events[^1])!["error"]!;
        Assert.Equal("context_length_exceeded", error["code"]!.GetValue<string>());
        BaiduTestHelpers.AssertNoSecrets(_env.Emulator, body);
    }


    [Fact]
    public async Task Stream_CleanEndWithoutIsEnd_SendsAnErrorEventNamingIt()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b"], OmitDone = true });

        var (_, events, _) = await BaiduTestHelpers.StreamRawAsync(_env);

        Assert.DoesNotContain("[DONE]", events);
        var error = JsonNode.Parse(events[^1])!["error"]!;
        Assert.Equal("upstream_protocol_error", error["code"]!.GetValue<string>());
        Assert.Contains("is_end", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_WhenTheClientSeesAMidStreamError_TheOfficialClientEndsWithoutAFinishReason()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.ErrorLineAfter(1, 336000, "a", "b"));
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")])) finish ??= update.FinishReason;

        Assert.Null(finish);
    }

    [Fact]
    public async Task GatewayHttpError_Is502()
    {
        var (response, error) = await FailAsync(new Scenario { ErrorStatus = 500 });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_error", error["code"]!.GetValue<string>());
    }
}
