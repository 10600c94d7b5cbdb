using System.Text;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.EveryProvider;

/// <summary>
/// What the official OpenAI .NET client gets from every provider alike, whole and streamed: the text, the facade's
/// id and model name, a finish reason from OpenAI's set, the role once, usage, and each event as it comes.
/// </summary>
public sealed class AnswerContractTests
{
    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task NonStream_ReturnsTextUsageFinishReasonAndTheFacadesModel(string provider)
    {
        await using var rig = await ProviderRig.StartAsync(provider);
        rig.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["你好", "，", "世界"] });

        ChatCompletion completion = await rig.Facade.ChatClient(rig.Model).CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("你好，世界", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(rig.Model, completion.Model);
        Assert.Matches("^chatcmpl-[0-9a-f]{32}$", completion.Id);
        Assert.Empty(completion.ToolCalls);
        Assert.Equal(3, completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + 3, completion.Usage.TotalTokenCount);
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task Stream_DeliversTextTheRoleOnceOneIdAFinishReasonAndUsage(string provider)
    {
        await using var rig = await ProviderRig.StartAsync(provider);
        rig.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["你好", "，", "世界 😀"] });

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var ids = new HashSet<string>();
        var roles = 0;
        await foreach (var update in rig.Facade.ChatClient(rig.Model).CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            if (update.Role is not null) roles++;
            finish ??= update.FinishReason;
            usage ??= update.Usage;
            ids.Add(update.CompletionId);
        }

        Assert.Equal("你好，世界 😀", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(1, roles);
        Assert.Matches("^chatcmpl-[0-9a-f]{32}$", Assert.Single(ids));
        Assert.NotNull(usage);
        Assert.Equal(3, usage!.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + 3, usage.TotalTokenCount);
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task Stream_WritesEachEventBeforeTheNextUpstreamRead(string provider)
    {
        await using var rig = await ProviderRig.StartAsync(provider);
        var firstReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Emulator.NextScenarios.Enqueue(new Scenario
        {
            Chunks = ["first", "second", "third"],
            // The upstream's third event leaves only once the client holds "first": a facade that buffered would stall.
            BeforeEvent = async (i, ct) =>
            {
                if (i == 2) await firstReceived.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            },
        });

        var pieces = new List<string>();
        await foreach (var update in rig.Facade.ChatClient(rig.Model).CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                pieces.Add(part.Text);
                if (part.Text == "first") firstReceived.TrySetResult();
            }
        }

        Assert.Equal(["first", "second", "third"], pieces);
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task MaxCompletionTokens_ReachesTheProviderUnderItsOwnName(string provider)
    {
        await using var rig = await ProviderRig.StartAsync(provider);
        rig.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a"] });

        await rig.Facade.ChatClient(rig.Model).CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 40 });

        var sent = rig.Emulator.LastRequest.Json!;
        Assert.Equal(40, sent[provider == "baidu" ? "max_output_tokens" : "max_tokens"]!.GetValue<int>());
        Assert.Null(sent["max_completion_tokens"]);
    }
}
