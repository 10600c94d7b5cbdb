using System.Text.Json.Nodes;
using Emulators;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.MindIE;

/// <summary>MindIE's timing fields reach clients in a <c>mindie</c> object, which the OpenAI SDKs ignore.</summary>
public sealed class MindIETimingsTests : IAsyncLifetime
{
    private MindIEEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await MindIEEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Theory]
    [InlineData("top")]
    [InlineData("usage")]
    public async Task NonStream_WithBenchmarkFields_ShowsThemInTheMindIEObject(string where)
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b", "c"], Options = { ["benchmark"] = where } });

        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi"));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("""{"prefill_time":35,"decode_time_arr":[20,21]}""", body["mindie"]!.ToJsonString());
        Assert.Equal(3, body["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Null(body["usage"]!["prefill_time"]);
    }

    [Fact]
    public async Task Stream_WithBenchmarkFields_ShowsThemOnTheFinalChunk()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b"], Options = { ["benchmark"] = "usage", ["full-text"] = "on" } });

        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi", stream: true, includeUsage: true));

        var events = FacadeHttp.DataEvents(await response.Content.ReadAsStringAsync());
        var final = JsonNode.Parse(events.Single(e => e.Contains("\"finish_reason\":\"stop\"")))!;
        Assert.Equal("""{"prefill_time":35,"decode_time_arr":[20]}""", final["mindie"]!.ToJsonString());
        Assert.Null(final["full_text"]); // kept for the audit, not shown
        Assert.Equal(2, JsonNode.Parse(events[^2])!["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events.SkipLast(1), e => JsonNode.Parse(e)!["mindie"] is not null && !e.Contains("finish_reason\":\"stop"));
    }
}
