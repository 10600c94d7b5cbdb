using System.Text;
using System.Text.Json.Nodes;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.MindIE;

/// <summary>The official OpenAI .NET client through the facade to the MindIE emulator (plain HTTP).</summary>
public sealed class MindIEEndToEndTests : IAsyncLifetime
{
    private MindIEEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await MindIEEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();


    [Fact]
    public async Task Stream_DeliversTextWithTheRoleOnceAndTheUsageChunk()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["你好", "，世界 😀", "！"] });
        var client = _env.Facade.ChatClient(MindIEEnvironment.Model);

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var roles = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            if (update.Role is not null) roles++;
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("你好，世界 😀！", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(1, roles); // MindIE repeats the role in every delta
        Assert.NotNull(usage);
        Assert.Equal(3, usage!.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + 3, usage.TotalTokenCount);
        // The usage chunk is the facade's: MindIE never sends one, and stream_options is not forwarded.
        Assert.Null(_env.Emulator.LastRequest.Json!["stream_options"]);
    }

    [Fact]
    public async Task MaxCompletionTokens_ReachesMindIEAsMaxTokens()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a ", "b ", "c ", "d ", "e ", "f "] });
        var client = _env.Facade.ChatClient(MindIEEnvironment.Model);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 4 });

        var sent = _env.Emulator.LastRequest.Json!;
        Assert.Equal(4, sent["max_tokens"]!.GetValue<int>());
        Assert.Null(sent["max_completion_tokens"]);
        Assert.Equal("a b c d ", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
    }

    [Fact]
    public async Task WithoutALimit_MindIEStopsAtItsDefault512Tokens()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = Enumerable.Range(0, 600).Select(i => $"t{i} ").ToList() });
        var client = _env.Facade.ChatClient(MindIEEnvironment.Model);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Write a lot")]);

        Assert.Null(_env.Emulator.LastRequest.Json!["max_tokens"]);
        Assert.Equal(512, completion.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
    }

    [Fact]
    public async Task RequestId_IsSentAsReqId_SoMindIEAnswersWithTheFacadesId()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["ok"] });

        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi"));

        var requestId = Assert.Single(response.Headers.GetValues("x-request-id"));
        Assert.Equal(requestId, _env.Emulator.LastRequest.Headers["req-id"]);
        var answered = JsonNode.Parse(_env.Emulator.Responses.Last())!["id"]!.GetValue<string>();
        Assert.Equal(requestId, answered);
        Assert.False(_env.Emulator.LastRequest.Headers.ContainsKey("Authorization"));
    }


}
