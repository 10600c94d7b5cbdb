using System.Text;
using Functions.Core.Errors;
using Functions.Core.OpenAI;
using Functions.Core.Validation;

namespace Functions.Tests.Validation;

/// <summary>The OpenAI API's own rules, checked directly: each broken rule is a 400 naming its parameter.</summary>
public sealed class ChatRequestValidatorTests
{
    private const string User = """{"role":"user","content":"x"}""";

    private static ChatCompletionRequest Parse(string json) => ChatCompletionRequestReader.Read(Encoding.UTF8.GetBytes(json));

    private static string Body(string fields, string messages = $"[{User}]") => $$"""{"model":"m","messages":{{messages}}{{fields}}}""";

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":" ","messages":[{"role":"user","content":"x"}]}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"m"}""", "messages", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[]}""", "messages", "invalid_parameter")]
    [InlineData("""{"model":"m","messages":[null]}""", "messages[0]", "invalid_parameter")]
    [InlineData("""{"model":"m","messages":[{"content":"x"}]}""", "messages[0].role", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role", "invalid_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user"}]}""", "messages[0].content", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":42}]}""", "messages[0].content", "invalid_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"text":"x"}]}]}""", "messages[0].content[0].type", "invalid_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages[0].content[0].text", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"tool","content":"x"}]}""", "messages[0].tool_call_id", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x","tool_calls":[{"id":"c","function":{"name":"f"}}]}]}""", "messages[0].tool_calls", "invalid_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","tool_calls":[{"function":{"name":"f"}}]}]}""", "messages[0].tool_calls[0].id", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{}}]}]}""", "messages[0].tool_calls[0].function.name", "missing_required_parameter")]
    public void Messages_BreakingARule_AreRefusedNamingTheField(string json, string param, string code) =>
        AssertRefused(json, param, code);

    [Theory]
    [InlineData(""","temperature":2.5""", "temperature")]
    [InlineData(""","temperature":-0.1""", "temperature")]
    [InlineData(""","top_p":1.5""", "top_p")]
    [InlineData(""","presence_penalty":-3""", "presence_penalty")]
    [InlineData(""","frequency_penalty":2.5""", "frequency_penalty")]
    [InlineData(""","max_tokens":0""", "max_tokens")]
    [InlineData(""","max_completion_tokens":0""", "max_completion_tokens")]
    [InlineData(""","n":0""", "n")]
    [InlineData(""","n":129""", "n")]
    [InlineData(""","top_logprobs":21""", "top_logprobs")]
    [InlineData(""","stop":["a","b","c","d","e"]""", "stop")]
    [InlineData(""","stop":[""]""", "stop")]
    [InlineData(""","tools":[{"type":"retrieval","function":{"name":"f"}}]""", "tools[0].type")]
    [InlineData(""","tools":[{"type":"function","function":{"name":"has space"}}]""", "tools[0].function.name")]
    [InlineData(",\"tool_choice\":\"sometimes\"", "tool_choice")]
    [InlineData(""","tool_choice":{"type":"function"}""", "tool_choice")]
    [InlineData(""","tool_choice":7""", "tool_choice")]
    [InlineData(""","response_format":{"type":"xml"}""", "response_format.type")]
    public void Parameters_OutsideOpenAIsRanges_AreRefusedNamingThem(string fields, string param) =>
        AssertRefused(Body(fields), param, "invalid_parameter");

    [Fact]
    public void TooManyTools_AreRefused()
    {
        var tools = string.Join(",", Enumerable.Range(0, 129).Select(i => "{\"type\":\"function\",\"function\":{\"name\":\"f" + i + "\"}}"));

        AssertRefused(Body($""","tools":[{tools}]"""), "tools", "invalid_parameter");
    }

    [Fact]
    public void JsonSchemaFormat_WithoutItsSchema_IsRefused() =>
        AssertRefused(Body(""","response_format":{"type":"json_schema"}"""), "response_format.json_schema", "missing_required_parameter");

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"developer","content":"be brief"},{"role":"user","content":"x"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"ok"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"data:,"}}]}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":0,"top_p":1,"n":1,"max_tokens":1,"stop":"END","tool_choice":"auto","top_logprobs":20,"response_format":{"type":"json_object"}}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"get_weather-2"}}],"tool_choice":{"type":"function","function":{"name":"get_weather-2"}}}""")]
    public void ValidRequests_PassUntouched(string json) => ChatRequestValidator.Validate(Parse(json));

    private static void AssertRefused(string json, string param, string code)
    {
        var error = Assert.Throws<FacadeException>(() => ChatRequestValidator.Validate(Parse(json)));

        Assert.Equal(400, error.Status);
        Assert.Equal(code, error.Code.Value);
        Assert.Equal(param, error.Param);
        Assert.Contains(param.Split('[', '.')[0], error.Message);
    }
}
