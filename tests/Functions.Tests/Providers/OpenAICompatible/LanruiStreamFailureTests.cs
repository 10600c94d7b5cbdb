using System.Text.Json.Nodes;
using Emulators;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.OpenAICompatible;

/// <summary>What the client sees when the upstream fails after the stream started: an error event, no [DONE].</summary>
public sealed class LanruiStreamFailureTests : IAsyncLifetime
{
    private LanruiEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
    {
        ["Providers:Lanrui:IdleTimeout"] = "00:00:01",
        ["Streaming:HeartbeatInterval"] = "00:00:00.100",
    });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private async Task<(HttpResponseMessage Response, List<string> Events, string Body)> StreamAsync(Scenario scenario)
    {
        _env.Emulator.NextScenarios.Enqueue(scenario);
        var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi", stream: true));
        var body = await response.Content.ReadAsStringAsync();
        return (response, FacadeHttp.DataEvents(body), body);
    }

    private static void AssertEndsWithError(List<string> events, string code)
    {
        Assert.DoesNotContain("[DONE]", events);
        var error = JsonNode.Parse(events[^1])!["error"];
        Assert.NotNull(error);
        Assert.Equal(code, error!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Stream_WhenUpstreamSendsAnErrorEventMidway_SendsErrorEventAndNoDone()
    {
        var (response, events, _) = await StreamAsync(new Scenario { Chunks = ["a", "b", "c"], ErrorAfterEvents = 1 });

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"content\":\"a\"", events[0]);
        AssertEndsWithError(events, "upstream_error");
    }

    [Fact]
    public async Task Stream_WhenUpstreamDropsTheConnectionMidway_SendsErrorEventAndNoDone()
    {
        var (_, events, _) = await StreamAsync(new Scenario { Chunks = ["a", "b", "c"], ResetAfterEvents = 2 });

        Assert.Equal(2, events.Count(e => e.Contains("\"content\"")));
        AssertEndsWithError(events, "upstream_unreachable");
    }

    [Fact]
    public async Task Stream_WhenUpstreamSendsMalformedJson_SendsErrorEventAndNoDone()
    {
        var (_, events, _) = await StreamAsync(new Scenario { Chunks = ["a", "b"], MalformedAfterEvents = 1 });

        AssertEndsWithError(events, "upstream_protocol_error");
    }

    [Fact]
    public async Task Stream_WhenUpstreamEndsWithoutDone_SendsErrorEvent()
    {
        var (_, events, _) = await StreamAsync(new Scenario { Chunks = ["a"], OmitDone = true });

        AssertEndsWithError(events, "upstream_protocol_error");
    }

    [Fact]
    public async Task Stream_WhenUpstreamGoesQuietPastTheIdleLimit_SendsTimeoutErrorEvent()
    {
        var (_, events, _) = await StreamAsync(new Scenario { Chunks = ["a", "b"], BeforeEvent = (i, ct) => i == 2 ? Task.Delay(5000, ct) : Task.CompletedTask });

        AssertEndsWithError(events, "upstream_timeout");
    }

    [Fact]
    public async Task Stream_WhileUpstreamIsQuiet_SendsHeartbeatComments()
    {
        var (_, events, body) = await StreamAsync(new Scenario { Chunks = ["a", "b"], EventDelay = TimeSpan.FromMilliseconds(400) });

        Assert.Contains(": keep-alive\n\n", body);
        Assert.Equal("[DONE]", events[^1]);
    }

    [Fact]
    public async Task Stream_WhenTheClientDisconnects_CancelsTheUpstreamRequest()
    {
        var upstreamCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _env.Emulator.NextScenarios.Enqueue(new Scenario
        {
            Chunks = ["a", "b", "c"],
            BeforeEvent = async (i, ct) =>
            {
                if (i < 2) return;
                try { await Task.Delay(Timeout.Infinite, ct); }
                catch (OperationCanceledException) { upstreamCancelled.TrySetResult(); throw; }
            },
        });
        using var cts = new CancellationTokenSource();
        var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi", stream: true), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var buffer = new byte[1024];
        Assert.True(await stream.ReadAsync(buffer, cts.Token) > 0);

        response.Dispose();
        await cts.CancelAsync();

        await upstreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
