using System.Text;
using System.Text.Json.Nodes;
using Functions.Core.Callers;
using Functions.Core.Chat;
using Functions.Core.OpenAI;
using Functions.Core.Providers.MindIE;
using Functions.Core.Routing;

namespace Functions.Tests.Providers.MindIE;

/// <summary>What the facade sends MindIE for an OpenAI request (<see cref="ToMindIERequest"/>).</summary>
public sealed class ToMindIERequestTests
{
    private static JsonObject Translate(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var call = new ChatCall
        {
            RequestId = "req-1",
            Caller = new Caller("test", "api-key"),
            Route = new ModelRoute("qwen", "mindie", "qwen2.5-7b-instruct"),
            Request = ChatCompletionRequestReader.Read(body),
            RawBody = body,
            Created = 1745200000,
        };
        return JsonNode.Parse(ToMindIERequest.Translate(call))!.AsObject();
    }

    [Fact]
    public void MaxCompletionTokens_GoesOutAsMaxTokens()
    {
        var sent = Translate("""{"model":"qwen","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":77}""");

        Assert.Equal(77, sent["max_tokens"]!.GetValue<int>());
        Assert.False(sent.ContainsKey("max_completion_tokens"));
        Assert.Equal("qwen2.5-7b-instruct", sent["model"]!.GetValue<string>());
    }

    [Fact]
    public void StreamOptionsUserAndUnknownFields_AreNotSent()
    {
        var sent = Translate("""{"model":"qwen","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true},"user":"u1","parallel_tool_calls":true,"metadata":{"a":"b"},"store":false}""");

        Assert.True(sent["stream"]!.GetValue<bool>());
        foreach (var name in (string[])["stream_options", "user", "parallel_tool_calls", "metadata", "store"]) Assert.False(sent.ContainsKey(name), name);
    }

    [Fact]
    public void MindIEOnlyFields_AreForwardedAsTheyCame()
    {
        var sent = Translate("""
            {"model":"qwen","messages":[{"role":"user","content":"Hi"}],"top_k":-1,"repetition_penalty":1.05,"seed":42,"ignore_eos":false,
             "skip_special_tokens":true,"include_stop_str_in_output":true,"stop":["END"],"stop_token_ids":[151643],
             "chat_template_kwargs":{"enable_thinking":true,"thinking_budget":256}}
            """);

        Assert.Equal(-1, sent["top_k"]!.GetValue<int>());
        Assert.Equal(1.05, sent["repetition_penalty"]!.GetValue<double>());
        Assert.Equal(42, sent["seed"]!.GetValue<long>());
        Assert.False(sent["ignore_eos"]!.GetValue<bool>());
        Assert.True(sent["skip_special_tokens"]!.GetValue<bool>());
        Assert.True(sent["include_stop_str_in_output"]!.GetValue<bool>());
        Assert.Equal("[151643]", sent["stop_token_ids"]!.ToJsonString());
        Assert.Equal("""{"enable_thinking":true,"thinking_budget":256}""", sent["chat_template_kwargs"]!.ToJsonString());
    }

    [Fact]
    public void DeveloperMessages_BecomeSystemMessages()
    {
        var sent = Translate("""{"model":"qwen","messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"Hi"}]}""");

        Assert.Equal("system", sent["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("Be brief.", sent["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public void MultimodalParts_PassThrough()
    {
        const string Parts = """[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}},{"type":"video_url","video_url":"file:///v.mp4"}]""";

        var sent = Translate("""{"model":"qwen","messages":[{"role":"user","content":""" + Parts + "}]}");

        Assert.Equal(JsonNode.Parse(Parts)!.ToJsonString(), sent["messages"]![0]!["content"]!.ToJsonString());
    }

    [Fact]
    public void AssistantContentGivenAsTextParts_BecomesAString_AndToolTurnsKeepTheirIds()
    {
        var sent = Translate("""
            {"model":"qwen","messages":[{"role":"user","content":"Weather?"},
             {"role":"assistant","content":[{"type":"text","text":"Let me "},{"type":"text","text":"check."}],"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}
            """);

        Assert.Equal("Let me check.", sent["messages"]![1]!["content"]!.GetValue<string>());
        Assert.Equal("call_1", sent["messages"]![1]!["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("call_1", sent["messages"]![2]!["tool_call_id"]!.GetValue<string>());
    }
}
