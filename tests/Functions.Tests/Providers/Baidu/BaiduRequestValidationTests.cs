using System.Net;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.Baidu;

/// <summary>What Baidu cannot take is a 400 naming Baidu's rule or range, and nothing reaches Baidu.</summary>
public sealed class BaiduRequestValidationTests : IAsyncLifetime
{
    private BaiduEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await BaiduEnvironment.StartAsync(new Dictionary<string, string?> { ["Models:1:Name"] = "ernie-small", ["Models:1:Provider"] = "baidu", ["Models:1:Target"] = "ernie-lite-8k", ["Models:1:MaxOutputTokens"] = "1024" });

    public async Task DisposeAsync()
    {
        Assert.Equal(0, _env.Emulator.RequestCount);
        await _env.DisposeAsync();
    }

    private const string User = """{"role":"user","content":"Hi"}""";
    private const string Assistant = """{"role":"assistant","content":"Hello"}""";

    [Theory]
    [InlineData("\"temperature\":0", "temperature", "(0, 1]")]
    [InlineData("\"temperature\":1.5", "temperature", "(0, 1]")]
    [InlineData("\"penalty_score\":3", "penalty_score", "[1, 2]")]
    [InlineData("\"max_completion_tokens\":4096", "max_completion_tokens", "[2, 2048]")]
    [InlineData("\"max_tokens\":1", "max_tokens", "[2, 2048]")]
    [InlineData("\"min_output_tokens\":1", "min_output_tokens", "[2, 2048]")]
    [InlineData("\"stop\":[\"this stop sequence is too long\"]", "stop", "20 characters")]
    [InlineData("\"user_memory_level\":9", "user_memory_level", "[0, 4]")]
    [InlineData("\"diversity_penalty\":-1", "diversity_penalty", "[0, 100]")]
    [InlineData("\"top_logprobs\":3", "top_logprobs", "logprobs")]
    [InlineData("\"enable_user_memory\":true", "user", "user")]
    [InlineData("\"n\":2", "n", "1")]
    [InlineData("\"logit_bias\":{\"1\":2}", "logit_bias", "not supported")]
    [InlineData("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}", "response_format.json_schema", "not supported")]
    public async Task OutOfRangeOrUnsupported_Is400NamingBaidusRule(string field, string param, string expected)
    {
        using var response = await _env.Facade.Http.PostChatAsync($$"""{"model":"ernie-speed","messages":[{{User}}],{{field}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(param, error["param"]?.GetValue<string>());
        Assert.Contains(expected, error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModelsOwnOutputLimit_Applies()
    {
        using var response = await _env.Facade.Http.PostChatAsync($$"""{"model":"ernie-small","messages":[{{User}}],"max_tokens":2000}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("[2, 1024]", (await response.ErrorAsync())["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData($"[{User},{Assistant}]", "messages", "ends with an assistant message")]
    [InlineData($"[{Assistant},{User}]", "messages[0].role", "alternate")]
    [InlineData($"[{User},{User},{User}]", "messages[1].role", "alternate")]
    [InlineData($"[{User},{Assistant},{{\"role\":\"system\",\"content\":\"late\"}},{Assistant},{User}]", "messages[2].role", "system message after the conversation started")]
    [InlineData("[{\"role\":\"system\",\"content\":\"only\"}]", "messages", "needs a user message")]
    [InlineData("[{\"role\":\"user\",\"content\":\"\"}]", "messages[0].content", "empty")]
    [InlineData("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://x\"}}]}]", "messages[0].content", "text only")]
    [InlineData($$$"""[{{{User}}},{"role":"assistant","content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a","content":"1"}]""", "messages[1].tool_calls", "one function call")]
    [InlineData($$$"""[{{{User}}},{{{Assistant}}},{"role":"tool","tool_call_id":"zzz","content":"1"}]""", "messages[2].tool_call_id", "answers no tool call")]
    public async Task ConversationBaiduCannotRepresent_Is400NamingTheRule(string messages, string param, string expected)
    {
        using var response = await _env.Facade.Http.PostChatAsync($$"""{"model":"ernie-speed","messages":{{messages}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(param, error["param"]?.GetValue<string>());
        Assert.Contains(expected, error["message"]!.GetValue<string>());
    }
}
