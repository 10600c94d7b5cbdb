using System.ClientModel;
using System.Text;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.OpenAICompatible;

/// <summary>The official OpenAI .NET client through the facade to the Lanrui emulator.</summary>
public sealed class LanruiEndToEndTests : IAsyncLifetime
{
    private LanruiEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await LanruiEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task NonStream_ReturnsContentUsageAndFinishReason()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["Hello", " world"] });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("Hello world", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(LanruiEnvironment.Model, completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Equal(2, completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + 2, completion.Usage.TotalTokenCount);
        var sent = _env.Emulator.LastRequest.Json!;
        Assert.Equal(LanruiEnvironment.Target, sent["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_DeliversTextFinishReasonAndUsage()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["你好", "，", "世界 😀"] });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        string? id = null;
        var roles = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            if (update.Role is not null) roles++;
            finish ??= update.FinishReason;
            usage ??= update.Usage;
            id ??= update.CompletionId;
            Assert.Equal(id, update.CompletionId);
        }

        Assert.Equal("你好，世界 😀", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(1, roles);
        Assert.NotNull(usage);
        Assert.Equal(3, usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Stream_WritesEachEventBeforeTheNextUpstreamRead()
    {
        var firstReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _env.Emulator.NextScenarios.Enqueue(new Scenario
        {
            Chunks = ["first", "second"],
            // Event 2 ("second") leaves the emulator only once the client holds event 1 ("first").
            BeforeEvent = async (i, ct) =>
            {
                if (i == 2) await firstReceived.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            },
        });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);

        var pieces = new List<string>();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                pieces.Add(part.Text);
                if (part.Text == "first") firstReceived.TrySetResult();
            }
        }

        Assert.Equal(["first", "second"], pieces);
    }

    [Fact]
    public async Task Stream_RelaysToolCallDeltas()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ToolCall = "get_weather" });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);
        var options = new ChatCompletionOptions();
        options.Tools.Add(ChatTool.CreateFunctionTool("get_weather", "Weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")));

        string? name = null, callId = null;
        var arguments = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Weather in Beijing?")], options))
        {
            foreach (var tool in update.ToolCallUpdates)
            {
                name ??= tool.FunctionName;
                callId ??= tool.ToolCallId;
                if (tool.FunctionArgumentsUpdate is { } args && !args.ToMemory().IsEmpty) arguments.Append(args.ToString());
            }
            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", name);
        Assert.StartsWith("call_", callId);
        Assert.Equal("{\"city\":\"北京\"}", arguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("get_weather", _env.Emulator.LastRequest.Json!["tools"]![0]!["function"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task NonStream_ReturnsToolCalls()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ToolCall = "get_weather" });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);
        var options = new ChatCompletionOptions();
        options.Tools.Add(ChatTool.CreateFunctionTool("get_weather", "Weather"));

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Weather?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("{\"city\":\"北京\"}", call.FunctionArguments.ToString());
    }

    [Fact]
    public async Task MaxCompletionTokens_ReachesLanruiAsMaxTokens()
    {
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);

        await client.CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 77 });

        var sent = _env.Emulator.LastRequest.Json!;
        Assert.Equal(77, sent["max_tokens"]!.GetValue<int>());
        Assert.Null(sent["max_completion_tokens"]);
    }

    [Fact]
    public async Task UpstreamRateLimit_BeforeFirstByte_IsA429WithRetryAfter()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 429 });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(429, error.Status);
        var response = error.GetRawResponse()!;
        Assert.True(response.Headers.TryGetValue("retry-after", out var retryAfter));
        Assert.Equal("7", retryAfter);
        Assert.Contains("rate_limit_exceeded", response.Content.ToString());
    }

    [Fact]
    public async Task StreamRequest_UpstreamErrorBeforeFirstByte_IsAnErrorStatus()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 500 });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")])) { }
        });

        Assert.Equal(502, error.Status);
        Assert.Contains("upstream_error", error.GetRawResponse()!.Content.ToString());
    }
}
