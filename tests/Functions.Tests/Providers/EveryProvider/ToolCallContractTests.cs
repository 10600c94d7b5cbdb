using System.Text;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.EveryProvider;

/// <summary>A tool call comes back to the official client the same way from every provider, whole and streamed.</summary>
public sealed class ToolCallContractTests
{
    private static ChatCompletionOptions WeatherTool()
    {
        var options = new ChatCompletionOptions();
        options.Tools.Add(ChatTool.CreateFunctionTool("get_weather", "Weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")));
        return options;
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task NonStream_ReturnsTheToolCallWithAnIdAndItsArguments(string provider)
    {
        await using var rig = await ProviderRig.StartAsync(provider);
        rig.Emulator.NextScenarios.Enqueue(new Scenario { ToolCall = "get_weather" });

        ChatCompletion completion = await rig.Facade.ChatClient(rig.Model).CompleteChatAsync([new UserChatMessage("Weather in Beijing?")], WeatherTool());

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.StartsWith("call_", call.Id);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("{\"city\":\"北京\"}", call.FunctionArguments.ToString());
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task Stream_RelaysTheToolCallAsDeltas(string provider)
    {
        await using var rig = await ProviderRig.StartAsync(provider);
        rig.Emulator.NextScenarios.Enqueue(new Scenario { ToolCall = "get_weather" });

        string? name = null, callId = null;
        var arguments = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in rig.Facade.ChatClient(rig.Model).CompleteChatStreamingAsync([new UserChatMessage("Weather in Beijing?")], WeatherTool()))
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
    }
}
