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

    [Fact]
    public async Task UnknownRoute_Is404InTheEnvelope()
    {
        using var response = await _env.Facade.Http.GetAsync("v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await response.ErrorAsync())["code"]!.GetValue<string>());
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
