using System.Net;
using System.Text.Json.Nodes;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.MindIE;

/// <summary>MindIE's own ranges (docs/protocols/mindie.md §4.1) are checked by the facade: 400 naming the parameter, nothing sent.</summary>
public sealed class MindIEValidationTests : IAsyncLifetime
{
    private MindIEEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?> { ["Models:0:MaxOutputTokens"] = "4096" });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private static string Body(string extra, string content = "\"Hi\"") =>
        $$"""{"model":"{{MindIEEnvironment.Model}}","messages":[{"role":"user","content":{{content}}}]{{extra}}}""";

    [Theory]
    [InlineData(""","top_k":0""", "top_k")]
    [InlineData(""","top_k":1.5""", "top_k")]
    [InlineData(""","top_k":"5" """, "top_k")]
    [InlineData(""","repetition_penalty":0""", "repetition_penalty")]
    [InlineData(""","repetition_penalty":2.5""", "repetition_penalty")]
    [InlineData(""","ignore_eos":"yes" """, "ignore_eos")]
    [InlineData(""","skip_special_tokens":1""", "skip_special_tokens")]
    [InlineData(""","stop_token_ids":["eos"]""", "stop_token_ids")]
    [InlineData(""","chat_template_kwargs":"think" """, "chat_template_kwargs")]
    [InlineData(""","chat_template_kwargs":{"thinking_budget":0}""", "chat_template_kwargs.thinking_budget")]
    [InlineData(""","chat_template_kwargs":{"enable_thinking":"on"}""", "chat_template_kwargs.enable_thinking")]
    [InlineData(""","top_p":0""", "top_p")]
    [InlineData(""","seed":-1""", "seed")]
    [InlineData(""","n":2""", "n")]
    [InlineData(""","logprobs":false,"top_logprobs":2""", "top_logprobs")]
    [InlineData(""","max_completion_tokens":5000""", "max_completion_tokens")]
    public async Task OutOfMindIEsRange_Is400NamingTheParameter(string extra, string param)
    {
        using var response = await _env.Facade.Http.PostChatAsync(Body(extra));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(param, error["param"]!.GetValue<string>());
        Assert.Equal(0, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task ContentPartMindIECannotTake_Is400()
    {
        using var response = await _env.Facade.Http.PostChatAsync(Body("", """[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("messages[0].content[0].type", (await response.ErrorAsync())["param"]!.GetValue<string>());
        Assert.Equal(0, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task MindIEOnlyFieldsInRange_AreForwarded()
    {
        using var response = await _env.Facade.Http.PostChatAsync(Body(""","top_k":-1,"repetition_penalty":2,"ignore_eos":true,"stop_token_ids":[2],"chat_template_kwargs":{"enable_thinking":false},"store":true"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _env.Emulator.LastRequest.Json!.AsObject();
        Assert.Equal(-1, sent["top_k"]!.GetValue<int>());
        Assert.Equal(2, sent["repetition_penalty"]!.GetValue<double>());
        Assert.True(sent["ignore_eos"]!.GetValue<bool>());
        Assert.Equal("[2]", sent["stop_token_ids"]!.ToJsonString());
        Assert.False(sent.ContainsKey("store"));
    }

    [Fact]
    public async Task ImagePart_ReachesMindIEUnchanged()
    {
        const string Parts = """[{"type":"text","text":"What is in the picture?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]""";

        using var response = await _env.Facade.Http.PostChatAsync(Body("", Parts));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonNode.Parse(Parts)!.ToJsonString(), _env.Emulator.LastRequest.Json!["messages"]![0]!["content"]!.ToJsonString());
    }
}
