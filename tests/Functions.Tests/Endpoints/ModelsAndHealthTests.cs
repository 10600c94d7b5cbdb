using System.Net;
using System.Text.Json.Nodes;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Endpoints;

public sealed class ModelsAndHealthTests : IAsyncLifetime
{
    private LanruiEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await LanruiEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Models_ListsTheConfiguredModels()
    {
        var body = JsonNode.Parse(await _env.Facade.Http.GetStringAsync("v1/models"))!;

        Assert.Equal("list", body["object"]!.GetValue<string>());
        var model = Assert.Single(body["data"]!.AsArray());
        Assert.Equal(LanruiEnvironment.Model, model!["id"]!.GetValue<string>());
        Assert.Equal("lanrui", model["owned_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Models_CreatedIsTheSameOnEveryCall_TheTimeTheConfigurationWasLoaded()
    {
        var first = JsonNode.Parse(await _env.Facade.Http.GetStringAsync("v1/models"))!["data"]![0]!["created"]!.GetValue<long>();
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var second = JsonNode.Parse(await _env.Facade.Http.GetStringAsync("v1/models"))!["data"]![0]!["created"]!.GetValue<long>();
        var one = JsonNode.Parse(await _env.Facade.Http.GetStringAsync($"v1/models/{LanruiEnvironment.Model}"))!["created"]!.GetValue<long>();

        Assert.Equal(first, second);
        Assert.Equal(first, one);
    }

    [Fact]
    public async Task Models_WithOfficialClient_ListsTheConfiguredModels()
    {
        var client = new global::OpenAI.Models.OpenAIModelClient(new System.ClientModel.ApiKeyCredential(FacadeHost.CallerKey),
            new global::OpenAI.OpenAIClientOptions { Endpoint = new Uri(_env.Facade.Address, "v1") });

        var models = (await client.GetModelsAsync()).Value;

        Assert.Equal(LanruiEnvironment.Model, Assert.Single(models).Id);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("health/ready")]
    [InlineData("")]
    public async Task HealthAndRoot_AnswerWithoutAuthentication(string path)
    {
        using var http = FacadeHttp.WithoutKey(_env.Facade.Address);

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("x-request-id"));
    }

    [Theory]
    [InlineData("health")]
    [InlineData("health/ready")]
    [InlineData("")]
    public async Task HealthAndRoot_NameTheFacade(string path)
    {
        using var http = FacadeHttp.WithoutKey(_env.Facade.Address);

        var body = JsonNode.Parse(await http.GetStringAsync(path))!;

        Assert.Equal("llm-facade", body["service"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownRoute_Is404InTheEnvelope()
    {
        using var response = await _env.Facade.Http.GetAsync("v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "v1/chat/completions", "POST")]
    [InlineData("PUT", "v1/chat/completions", "POST")]
    [InlineData("DELETE", "baidu/chat/anything", "POST")]
    [InlineData("POST", "v1/models", "GET")]
    [InlineData("POST", "health", "GET")]
    public async Task WrongMethod_Is405InTheEnvelope_NamingTheAllowedMethod(string method, string path, string allowed)
    {
        using var response = await _env.Facade.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allowed, Assert.Single(response.Content.Headers.Allow));
        var error = await response.ErrorAsync();
        Assert.Equal("method_not_allowed", error["code"]!.GetValue<string>());
        Assert.Contains(method, error["message"]!.GetValue<string>());
        Assert.True(response.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task Model_ByName_IsTheModelObject()
    {
        var model = JsonNode.Parse(await _env.Facade.Http.GetStringAsync($"v1/models/{LanruiEnvironment.Model}"))!;

        Assert.Equal(LanruiEnvironment.Model, model["id"]!.GetValue<string>());
        Assert.Equal("model", model["object"]!.GetValue<string>());
        Assert.Equal("lanrui", model["owned_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Model_WithOfficialClient_IsRetrieved()
    {
        var client = new global::OpenAI.Models.OpenAIModelClient(new System.ClientModel.ApiKeyCredential(FacadeHost.CallerKey),
            new global::OpenAI.OpenAIClientOptions { Endpoint = new Uri(_env.Facade.Address, "v1") });

        var model = (await client.GetModelAsync(LanruiEnvironment.Model)).Value;

        Assert.Equal(LanruiEnvironment.Model, model.Id);
        Assert.Equal("lanrui", model.OwnedBy);
    }

    [Fact]
    public async Task Model_Unknown_Is404ModelNotFound()
    {
        using var response = await _env.Facade.Http.GetAsync("v1/models/gpt-unknown");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Model_WithoutAKey_Is401()
    {
        using var http = FacadeHttp.WithoutKey(_env.Facade.Address);

        using var response = await http.GetAsync($"v1/models/{LanruiEnvironment.Model}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task EveryResponse_CarriesItsOwnRequestId()
    {
        using var first = await _env.Facade.Http.GetAsync("v1/models");
        using var second = await _env.Facade.Http.GetAsync("v1/models");

        var a = Assert.Single(first.Headers.GetValues("x-request-id"));
        var b = Assert.Single(second.Headers.GetValues("x-request-id"));
        Assert.Matches("^[0-9a-f]{32}$", a);
        Assert.NotEqual(a, b);
    }
}
