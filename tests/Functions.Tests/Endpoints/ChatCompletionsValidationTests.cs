using System.Net;
using System.Text;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Endpoints;

/// <summary>Bad input gets a 4xx in the OpenAI envelope naming the parameter, and nothing reaches the provider.</summary>
public sealed class ChatCompletionsValidationTests : IAsyncLifetime
{
    private LanruiEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
    {
        ["Limits:MaxRequestBodyBytes"] = "65536",
    });

    public async Task DisposeAsync()
    {
        Assert.Equal(0, _env.Emulator.RequestCount);
        await _env.DisposeAsync();
    }

    [Theory]
    [InlineData("{", null, "invalid_json")]
    [InlineData("", null, "invalid_json")]
    [InlineData("[]", null, "invalid_json")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"llama","messages":"hi"}""", "messages", "invalid_json")]
    [InlineData("""{"model":"llama","messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role", "invalid_parameter")]
    [InlineData("""{"model":"llama","messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature", "invalid_json")]
    [InlineData("""{"model":"llama","messages":[{"role":"user","content":"x"}],"stop":7}""", "stop", "invalid_json")]
    // Each validation rule is tested directly in ChatRequestValidatorTests; these prove the envelope over HTTP.
    public async Task BadRequest_Is400NamingTheParameter(string json, string? param, string code)
    {
        using var response = await _env.Facade.Http.PostChatAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.Headers.Contains("x-request-id"));
        var error = await response.ErrorAsync();
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Equal(param, error["param"]?.GetValue<string>());
        Assert.DoesNotContain("   at ", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownModel_Is404ModelNotFound()
    {
        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson("gpt-9", "x"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var json = FacadeHttp.ChatJson(LanruiEnvironment.Model, new string('x', 70_000));

        using var response = await _env.Facade.Http.PostChatAsync(json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task OversizedChunkedBody_Is413()
    {
        var json = FacadeHttp.ChatJson(LanruiEnvironment.Model, new string('x', 70_000));
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _env.Facade.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Authorization", "Bearer sk-wrong")]
    [InlineData("api-key", "sk-wrong")]
    [InlineData("Authorization", "Basic c2stdGVzdC1jYWxsZXI=")]
    public async Task MissingOrWrongKey_Is401(string? header, string? value)
    {
        using var http = header is null ? FacadeHttp.WithoutKey(_env.Facade.Address) : FacadeHttp.WithHeader(_env.Facade.Address, header, value!);

        using var response = await http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeyInApiKeyHeader_IsAccepted()
    {
        using var http = FacadeHttp.WithHeader(_env.Facade.Address, "api-key", FacadeHost.CallerKey);

        using var response = await http.PostChatAsync("""{"model":"llama","messages":[]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
