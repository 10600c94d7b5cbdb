using System.ClientModel;
using System.Net;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.MindIE;

/// <summary>MindIE's error answers before the first byte, as the client sees them: the OpenAI envelope and status.</summary>
public sealed class MindIEUpstreamErrorTests : IAsyncLifetime
{
    private MindIEEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await MindIEEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task ValidationError422_Is400NamingTheParameterMindIENamed()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 422, Options = { ["error-text"] = "Parameter top_k must be in -1 || (0,2147483647], got 0" } });

        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal("invalid_parameter", error["code"]!.GetValue<string>());
        Assert.Equal("top_k", error["param"]!.GetValue<string>());
        Assert.Contains("Parameter top_k must be in", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task MaxTokensRejectedByMindIE_NamesMaxCompletionTokensForTheOfficialClient()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 422, Options = { ["error-text"] = "Parameter max_tokens must be (0,2147483647], got 9" } });
        var client = _env.Facade.ChatClient(MindIEEnvironment.Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 9 }));

        Assert.Equal(400, error.Status);
        Assert.Contains("\"param\":\"max_completion_tokens\"", error.GetRawResponse()!.Content.ToString());
    }

    [Theory]
    [InlineData(424, 502, "upstream_error")]
    [InlineData(500, 502, "upstream_error")]
    [InlineData(503, 503, "server_is_overloaded")]
    public async Task ServerErrors_MapToTheOpenAIStatus(int status, int expected, string code)
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = status });

        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi", stream: true));

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(code, (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task EngineTimeout500_IsMindIEsOwnError_NotTheFacadesTimeout()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 500, Options = { ["error-text"] = "Engine callback timeout: no token in 600 s" } });

        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi"));

        // MindIE's tokenTimeout fired, not a limit of the facade's (docs/errors.md): its words, attributed to it.
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("upstream_error", error["code"]!.GetValue<string>());
        Assert.StartsWith("MindIE failed: Engine callback timeout", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AfterMindIEWasStopped_CallsAre503()
    {
        using var stop = new HttpClient { BaseAddress = _env.Server.Address };
        Assert.Equal(HttpStatusCode.OK, (await stop.GetAsync("health")).StatusCode);
        await stop.GetAsync("stopService");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await stop.GetAsync("health")).StatusCode);

        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("The service has been stopped", (await response.ErrorAsync())["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task TargetUnknownToMindIE_Is404ModelNotFound()
    {
        await using var env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?> { ["Models:0:Target"] = "not-served" });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("model_not_found", error["code"]!.GetValue<string>());
        Assert.Equal("model", error["param"]!.GetValue<string>());
    }
}
