using System.Text.Json.Nodes;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.MindIE;

/// <summary>
/// MindIE's failures after the stream started (raw text or raw JSON without <c>data:</c>, a stream without
/// <c>[DONE]</c>) reach the client as an error event and no <c>[DONE]</c>, never as a clean end.
/// </summary>
public sealed class MindIEStreamFailureTests : IAsyncLifetime
{
    private MindIEEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await MindIEEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private async Task<List<string>> StreamAsync(Scenario scenario)
    {
        _env.Emulator.NextScenarios.Enqueue(scenario);
        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi", stream: true, includeUsage: true));
        Assert.Equal(200, (int)response.StatusCode);
        return FacadeHttp.DataEvents(await response.Content.ReadAsStringAsync());
    }

    private static JsonNode LastError(List<string> events)
    {
        Assert.DoesNotContain("[DONE]", events);
        return JsonNode.Parse(events[^1])!["error"] ?? throw new Xunit.Sdk.XunitException("The last event is not an error: " + events[^1]);
    }

    [Fact]
    public async Task RawTextErrorMidStream_IsAnErrorEventWithoutDone()
    {
        var events = await StreamAsync(new Scenario { Chunks = ["a", "b", "c"], ErrorAfterEvents = 1 });

        Assert.Contains("\"content\":\"a\"", events[0]);
        var error = LastError(events);
        // MindIE's own limit, in its words; no limit of the facade's fired (docs/errors.md).
        Assert.Equal("upstream_error", error["code"]!.GetValue<string>());
        Assert.Contains("MindIE failed mid-stream: Engine callback timeout", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task RawJsonErrorMidStream_IsAnErrorEventWithoutDone()
    {
        var events = await StreamAsync(new Scenario { Chunks = ["a", "b"], ErrorAfterEvents = 1, Options = { ["raw-error"] = "json" } });

        var error = LastError(events);
        Assert.Equal("upstream_error", error["code"]!.GetValue<string>());
        Assert.Contains("Failed to get engine response.", error["message"]!.GetValue<string>());
    }



    [Fact]
    public async Task RawTextErrorMidStream_WithTheOfficialClient_EndsWithoutAFinishReason()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b", "c"], ErrorAfterEvents = 2 });
        var client = _env.Facade.ChatClient(MindIEEnvironment.Model);

        var text = "";
        var updates = 0;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate) text += part.Text;
            finish ??= update.FinishReason;
            updates++;
        }

        // The .NET client (2.15) does not throw on an in-stream error object (docs/protocols/openai-clients.md §6.3): what it
        // sees is a stream that stops without a finish reason, where a clean-looking end would have hidden the
        // failure. The error event itself is checked above; the Node client throws on it.
        Assert.Equal("ab", text);
        Assert.Null(finish);
        Assert.Equal(3, updates); // "a", "b", then the error event as an empty update
    }
}
