using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.Baidu;

/// <summary>The official OpenAI .NET client through the facade to the Baidu emulator: text, streams, function calls.</summary>
public sealed class BaiduEndToEndTests : IAsyncLifetime
{
    private BaiduEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await BaiduEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task NonStream_ReturnsResultAsContentWithTheFacadesIdAndModel()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["北京", "是中国的首都。"] });
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new SystemChatMessage("你是一个导游"), new UserChatMessage("介绍一下北京")]);
        var completion = result.Value;

        Assert.Equal("北京是中国的首都。", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(BaiduEnvironment.Model, completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Equal(2, completion.Usage.OutputTokenCount);
        var raw = result.GetRawResponse();
        Assert.True(raw.Headers.TryGetValue("x-ratelimit-limit-requests", out var limit));
        Assert.Equal("300", limit);
        Assert.True(raw.Headers.TryGetValue("x-baidu-flag", out var flag));
        Assert.Equal("0", flag);
        var baidu = JsonNode.Parse(raw.Content.ToString())!["baidu"]!;
        Assert.Equal("normal", baidu["finish_reason"]!.GetValue<string>());
        Assert.StartsWith("as-", baidu["id"]!.GetValue<string>());

        var sent = _env.Emulator.LastRequest;
        Assert.StartsWith("/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/" + BaiduEnvironment.Target + "?access_token=24.", sent.PathAndQuery);
        var body = sent.Json!;
        Assert.Equal("你是一个导游", body["system"]!.GetValue<string>());
        Assert.Equal("user", Assert.Single(body["messages"]!.AsArray())!["role"]!.GetValue<string>());
        Assert.Null(body["model"]);
    }


    [Fact]
    public async Task Stream_RawShape_HasRateLimitHeadersBaiduObjectOnTheFinalChunkAndDone()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b"] });

        var (response, events, _) = await BaiduTestHelpers.StreamRawAsync(_env, includeUsage: true);

        Assert.Equal("300", BaiduTestHelpers.Header(response, "x-ratelimit-limit-requests"));
        Assert.Equal("0", BaiduTestHelpers.Header(response, "x-baidu-flag"));
        Assert.Equal("[DONE]", events[^1]);
        var final = JsonNode.Parse(events[^3])!;
        Assert.Equal("stop", final["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal("normal", final["baidu"]!["finish_reason"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(events[^2])!["choices"]!.AsArray());
        Assert.Null(JsonNode.Parse(events[0])!["baidu"]);
    }

    [Fact]
    public async Task Stream_WithKeepAliveComments_IsUnaffected()
    {
        _env.Emulator.NextScenarios.Enqueue(Emulators.Baidu.BaiduScenario.KeepAlive("x", "y"));
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        var text = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }

        Assert.Equal("xy", text.ToString());
    }

    [Fact]
    public async Task Parameters_AreTranslatedToBaidusNames()
    {
        var json = """
            {"model":"ernie-speed","messages":[{"role":"user","content":"Hi"}],"temperature":0.5,"top_p":0.8,
             "max_completion_tokens":300,"stop":["。"],"user":"u-123","presence_penalty":0.5,
             "penalty_score":1.2,"min_output_tokens":5,"user_setting":"likes tea","response_format":{"type":"json_object"}}
            """;

        using var response = await _env.Facade.Http.PostChatAsync(json);

        Assert.Equal(200, (int)response.StatusCode);
        var sent = _env.Emulator.LastRequest.Json!;
        Assert.Equal(300, sent["max_output_tokens"]!.GetValue<int>());
        Assert.Equal("u-123", sent["user_id"]!.GetValue<string>());
        Assert.Equal(1.2, sent["penalty_score"]!.GetValue<double>());
        Assert.Equal(5, sent["min_output_tokens"]!.GetValue<int>());
        Assert.Equal("likes tea", sent["user_setting"]!.GetValue<string>());
        Assert.Equal("json_object", sent["response_format"]!.GetValue<string>());
        Assert.Equal(0.5, sent["temperature"]!.GetValue<double>());
        Assert.Null(sent["max_completion_tokens"]);
        Assert.Null(sent["user"]);
    }

    [Fact]
    public async Task FunctionCall_RoundTrip_NonStream()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ToolCall = "get_weather" });
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);
        var options = new ChatCompletionOptions();
        options.Tools.Add(ChatTool.CreateFunctionTool("get_weather", "查询天气", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")));
        List<OpenAI.Chat.ChatMessage> messages = [new UserChatMessage("北京天气如何？")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.StartsWith("call_", call.Id);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("{\"city\":\"北京\"}", call.FunctionArguments.ToString());
        var functions = _env.Emulator.LastRequest.Json!["functions"]!.AsArray();
        Assert.Equal("get_weather", functions[0]!["name"]!.GetValue<string>());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, """{"temperature":25}"""));
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["北京今天25度。"] });
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        Assert.Equal("北京今天25度。", second.Content[0].Text);
        var sent = _env.Emulator.LastRequest.Json!["messages"]!.AsArray();
        Assert.Equal(3, sent.Count);
        Assert.Equal("get_weather", sent[1]!["function_call"]!["name"]!.GetValue<string>());
        Assert.Equal("{\"city\":\"北京\"}", sent[1]!["function_call"]!["arguments"]!.GetValue<string>());
        Assert.Equal("function", sent[2]!["role"]!.GetValue<string>());
        Assert.Equal("get_weather", sent[2]!["name"]!.GetValue<string>());
        Assert.Equal("""{"temperature":25}""", sent[2]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task FunctionCall_Stream_ArrivesAsOneToolCallDelta()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ToolCall = "get_weather" });
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);
        var options = new ChatCompletionOptions { ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather") };
        options.Tools.Add(ChatTool.CreateFunctionTool("get_weather", "查询天气"));

        string? name = null, id = null;
        var arguments = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("北京天气如何？")], options))
        {
            foreach (var tool in update.ToolCallUpdates)
            {
                name ??= tool.FunctionName;
                id ??= tool.ToolCallId;
                if (tool.FunctionArgumentsUpdate is { } args && !args.ToMemory().IsEmpty) arguments.Append(args.ToString());
            }
            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", name);
        Assert.StartsWith("call_", id);
        Assert.Equal("{\"city\":\"北京\"}", arguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("get_weather", _env.Emulator.LastRequest.Json!["tool_choice"]!["function"]!["name"]!.GetValue<string>());
    }
}
