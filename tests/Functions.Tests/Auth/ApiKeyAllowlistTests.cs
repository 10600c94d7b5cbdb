using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Auth;

/// <summary>Key callers with <c>Callers:N:Models</c> may use those models only; callers without the list may use all.</summary>
public sealed class ApiKeyAllowlistTests : IAsyncLifetime
{
    private const string RestrictedKey = "sk-restricted-caller";

    private LanruiEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await LanruiEnvironment.StartAsync(AuthTestSettings.WithLargeModel(new()
    {
        ["Callers:1:Name"] = "restricted-app",
        ["Callers:1:KeySha256"] = FacadeHost.Sha256(RestrictedKey),
        ["Callers:1:Models:0"] = LanruiEnvironment.Model,
    }));

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Chat_WithAnAllowedModel_ReachesTheModel()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["ok"] });

        ChatCompletion completion = await _env.Facade.ChatClient(LanruiEnvironment.Model, RestrictedKey).CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("ok", completion.Content[0].Text);
    }

    [Fact]
    public async Task Chat_WithAForbiddenModel_Is403ModelNotAllowedAndNothingGoesUpstream()
    {
        var client = _env.Facade.ChatClient(AuthTestSettings.LargeModel, RestrictedKey);
        using var http = FacadeHttp.WithHeader(_env.Facade.Address, "Authorization", "Bearer " + RestrictedKey);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")]));
        using var response = await http.PostChatAsync(FacadeHttp.ChatJson(AuthTestSettings.LargeModel, "Hi", stream: true));

        Assert.Equal(403, error.Status);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var envelope = await response.ErrorAsync();
        Assert.Equal("model_not_allowed", envelope["code"]!.GetValue<string>());
        Assert.Equal("model", envelope["param"]!.GetValue<string>());
        Assert.Equal(0, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task Models_ListsOnlyTheAllowedModels()
    {
        using var http = FacadeHttp.WithHeader(_env.Facade.Address, "api-key", RestrictedKey);

        var models = JsonNode.Parse(await http.GetStringAsync("v1/models"))!["data"]!.AsArray();

        Assert.Equal(LanruiEnvironment.Model, Assert.Single(models)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Model_TheCallerMayNotUse_IsNotFoundAsIfItDidNotExist()
    {
        using var http = FacadeHttp.WithHeader(_env.Facade.Address, "api-key", RestrictedKey);

        using var forbidden = await http.GetAsync($"v1/models/{AuthTestSettings.LargeModel}");
        using var allowed = await http.GetAsync($"v1/models/{LanruiEnvironment.Model}");

        Assert.Equal(HttpStatusCode.NotFound, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Caller_WithoutAnAllowlist_MayUseEveryModel()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["large"] });

        ChatCompletion completion = await _env.Facade.ChatClient(AuthTestSettings.LargeModel).CompleteChatAsync([new UserChatMessage("Hi")]);
        var models = JsonNode.Parse(await _env.Facade.Http.GetStringAsync("v1/models"))!["data"]!.AsArray();

        Assert.Equal("large", completion.Content[0].Text);
        Assert.Equal(2, models.Count);
    }
}
