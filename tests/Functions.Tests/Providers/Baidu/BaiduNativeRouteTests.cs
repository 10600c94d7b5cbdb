using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Emulators;
using Emulators.Baidu;
using Functions.Core.Providers;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.Baidu;

/// <summary><c>POST /baidu/chat/{endpoint}</c> with raw HTTP: Baidu's dialect in, Baidu's bytes out, the facade's token and checks in between.</summary>
public sealed class BaiduNativeRouteTests : IAsyncLifetime
{
    private const string Path = "baidu/chat/" + BaiduEnvironment.Target;
    private BaiduEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await BaiduEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private static string Body(bool stream, string content = "介绍一下北京", string extra = "") =>
        $$"""{"messages":[{"role":"user","content":"{{content}}"}],"stream":{{(stream ? "true" : "false")}}{{extra}}}""";

    [Fact]
    public async Task NonStream_ReturnsBaidusBytesUnchanged()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["北京", "是首都"] });

        using var response = await BaiduTestHelpers.PostAsync(_env.Facade.Http, Path, Body(stream: false, extra: ""","system":"你是导游","penalty_score":1.5"""));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetString(_env.Emulator.LastResponseBytes), Encoding.UTF8.GetString(bytes));
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("300", BaiduTestHelpers.Header(response, "X-Ratelimit-Limit-Requests"));
        var sent = _env.Emulator.LastRequest.Json!;
        Assert.Equal("你是导游", sent["system"]!.GetValue<string>());
        Assert.Equal(1.5, sent["penalty_score"]!.GetValue<double>());
    }

    [Fact]
    public async Task Stream_ReturnsBaidusFramingByteForByte_KeepAliveCommentsAndNoDone()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.KeepAlive("以下为您", "推荐", "路线。"));

        using var response = await BaiduTestHelpers.PostAsync(_env.Facade.Http, Path, Body(stream: true));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(Encoding.UTF8.GetString(_env.Emulator.LastResponseBytes), Encoding.UTF8.GetString(bytes));
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains(": keep-alive\n\n", text);
        Assert.Contains("\"is_end\":true", text);
        Assert.DoesNotContain("[DONE]", text);
    }

    [Fact]
    public async Task Stream_MidStreamErrorLine_PassesThroughUnchanged()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.ErrorLineAfter(1, 336003, "a", "b"));

        using var response = await BaiduTestHelpers.PostAsync(_env.Facade.Http, Path, Body(stream: true));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(Encoding.UTF8.GetString(_env.Emulator.LastResponseBytes), Encoding.UTF8.GetString(bytes));
        Assert.Contains("\n{\"error_code\":336003", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task BaiduError_PassesThroughInBaidusDialect()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Error(336501));

        using var response = await BaiduTestHelpers.PostAsync(_env.Facade.Http, Path, Body(stream: true));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetString(_env.Emulator.LastResponseBytes), Encoding.UTF8.GetString(bytes));
        Assert.Equal("0", BaiduTestHelpers.Header(response, "X-Ratelimit-Remaining-Requests"));
    }

    [Fact]
    public async Task CallersAccessToken_IsStrippedAndTheFacadesIsUsed()
    {
        using var response = await BaiduTestHelpers.PostAsync(_env.Facade.Http, Path + "?access_token=24.caller-token", Body(stream: false, extra: ""","access_token":"24.caller-token-in-body" """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _env.Emulator.LastRequest;
        Assert.DoesNotContain("caller-token", sent.PathAndQuery);
        Assert.DoesNotContain("caller-token", sent.Body);
        Assert.Contains(_env.Emulator.IssuedTokens.Single(), sent.PathAndQuery);
    }

    [Fact]
    public async Task ExpiredToken_IsRefreshedAndTheAnswerStillBaidusBytes()
    {
        using (await BaiduTestHelpers.PostAsync(_env.Facade.Http, Path, Body(stream: false))) { }
        _env.Emulator.ExpireAllTokens();

        using var response = await BaiduTestHelpers.PostAsync(_env.Facade.Http, Path, Body(stream: true));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetString(_env.Emulator.LastResponseBytes), Encoding.UTF8.GetString(bytes));
        Assert.Equal(2, _env.Emulator.TokenRequestCount);
    }

    [Theory]
    [InlineData("baidu/chat/completions_pro")]
    [InlineData("baidu/chat/ernie-speed-128k%2F..%2F..%2Foauth")]
    [InlineData("baidu/chat/..%2Fernie-speed-128k")]
    [InlineData("baidu/chat/ERNIE-SPEED-128K")]
    public async Task UnconfiguredEndpoint_Is404AndNothingIsSent(string path)
    {
        using var response = await BaiduTestHelpers.PostAsync(_env.Facade.Http, path, Body(stream: false));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, _env.Emulator.RequestCount);
        Assert.Equal(0, _env.Emulator.TokenRequestCount);
    }

    [Fact]
    public async Task NoCallerKey_Is401()
    {
        using var http = FacadeHttp.WithoutKey(_env.Facade.Address);

        using var response = await BaiduTestHelpers.PostAsync(http, Path, Body(stream: false));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _env.Emulator.RequestCount);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}""", "messages")]
    [InlineData("""{"messages":[{"role":"assistant","content":"a"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user","content":""}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"temperature":0}""", "temperature")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"max_output_tokens":4096}""", "max_output_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"penalty_score":0.5}""", "penalty_score")]
    public async Task InvalidBaiduBody_Is400AndNothingIsSent(string body, string param)
    {
        using var response = await BaiduTestHelpers.PostAsync(_env.Facade.Http, Path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await response.ErrorAsync())["param"]?.GetValue<string>());
        Assert.Equal(0, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task ResponseFormatAsBaidusString_IsAccepted()
    {
        using var response = await BaiduTestHelpers.PostAsync(_env.Facade.Http, Path, Body(stream: false, extra: ""","response_format":"json_object" """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("json_object", _env.Emulator.LastRequest.Json!["response_format"]!.GetValue<string>());
    }

    [Fact]
    public async Task NativeChunks_CarryTheTranslatedUpdatesForTheAudit()
    {
        var provider = (Functions.Core.Providers.IChatProvider)_env.Facade.Services.GetService(typeof(Functions.Core.Providers.Baidu.BaiduProvider))!;
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(2, 1, "a", "b"));
        var raw = Encoding.UTF8.GetBytes(Body(stream: true));
        var call = new Functions.Core.Chat.ChatCall
        {
            RequestId = "n1",
            Caller = new Functions.Core.Callers.Caller("t", "api-key"),
            Route = new Functions.Core.Routing.ModelRoute(BaiduEnvironment.Model, "baidu", BaiduEnvironment.Target),
            Request = Functions.Core.OpenAI.ChatCompletionRequestReader.Read(raw),
            RawBody = raw,
            Created = 1,
            PassThrough = true,
        };

        var updates = await ProviderCalls.RunAsync(provider, call);
        var bytes = updates.SelectMany(u => u.Raw.ToArray()).ToArray();

        Assert.Equal(Encoding.UTF8.GetString(_env.Emulator.LastResponseBytes), Encoding.UTF8.GetString(bytes));
        Assert.Equal("ab", string.Concat(updates.Select(u => u.Content)));
        Assert.Equal(2, updates[^1].Facts!.Flag);
        Assert.Equal("content_filter", updates[^1].FinishReason);
        Assert.Equal("normal", updates[^1].RawFinishReason);
        Assert.Equal(2, updates[^1].Usage!.CompletionTokens);
        Assert.StartsWith("as-", updates[^1].UpstreamId);
    }
}
