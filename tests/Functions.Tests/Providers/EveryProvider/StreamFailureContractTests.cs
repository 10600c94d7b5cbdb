using System.Text.Json.Nodes;
using Emulators;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.EveryProvider;

/// <summary>
/// What a streaming client sees when any provider fails after the stream started: the status is already 200, so
/// the failure is an error event and the stream ends without <c>[DONE]</c>; heartbeats keep a quiet stream open;
/// a client that goes away cancels the upstream call.
/// </summary>
public sealed class StreamFailureContractTests
{
    private static Task<ProviderRig> StartAsync(string provider) => ProviderRig.StartAsync(provider, new Dictionary<string, string?>
    {
        ["Providers:Each:IdleTimeout"] = "00:00:01",
        ["Streaming:HeartbeatInterval"] = "00:00:00.100",
    });

    private static async Task<(int Status, List<string> Events, string Body)> StreamAsync(ProviderRig rig, Scenario scenario)
    {
        rig.Emulator.NextScenarios.Enqueue(scenario);
        using var response = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(rig.Model, "Hi", stream: true));
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, FacadeHttp.DataEvents(body), body);
    }

    private static string LastErrorCode(List<string> events)
    {
        Assert.DoesNotContain("[DONE]", events);
        var error = JsonNode.Parse(events[^1])!["error"] ?? throw new Xunit.Sdk.XunitException("The last event is not an error: " + events[^1]);
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        return error["code"]!.GetValue<string>();
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task TheProvidersOwnErrorMidway_IsAnErrorEventAfterTheTextSoFar(string provider)
    {
        await using var rig = await StartAsync(provider);

        var (status, events, _) = await StreamAsync(rig, new Scenario { Chunks = ["a", "b", "c"], ErrorAfterEvents = 2 });

        Assert.Equal(200, status);
        Assert.Contains(events, e => e.Contains("\"content\":\"a\""));
        Assert.Equal("upstream_error", LastErrorCode(events));
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task ADroppedConnection_IsAnErrorEvent(string provider)
    {
        await using var rig = await StartAsync(provider);
        var clientHasText = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Once the client holds the first text, the upstream's handler fails and Kestrel drops the connection.
        rig.Emulator.NextScenarios.Enqueue(new Scenario
        {
            Chunks = ["a", "b", "c"],
            BeforeEvent = async (i, ct) =>
            {
                if (i != 2) return;
                await clientHasText.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
                throw new IOException("The emulated upstream drops the connection.");
            },
        });

        using var response = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(rig.Model, "Hi", stream: true), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var body = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            body.Append(line).Append('\n');
            if (line.Contains("\"content\":\"a\"", StringComparison.Ordinal)) clientHasText.TrySetResult();
        }

        Assert.Equal(200, (int)response.StatusCode);
        // It had answered: a reset after the answer began is the provider's error, not "could not be reached".
        Assert.Equal("upstream_error", LastErrorCode(FacadeHttp.DataEvents(body.ToString())));
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task AMalformedEvent_IsAnErrorEvent(string provider)
    {
        await using var rig = await StartAsync(provider);

        var (_, events, _) = await StreamAsync(rig, new Scenario { Chunks = ["a", "b"], MalformedAfterEvents = 1 });

        Assert.Equal("upstream_protocol_error", LastErrorCode(events));
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task AStreamWithoutItsEnd_IsAnErrorEvent(string provider)
    {
        await using var rig = await StartAsync(provider);

        var (_, events, _) = await StreamAsync(rig, new Scenario { Chunks = ["a", "b"], OmitDone = true });

        Assert.Equal("upstream_protocol_error", LastErrorCode(events));
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task SilencePastTheIdleLimit_IsATimeoutErrorEvent(string provider)
    {
        await using var rig = await StartAsync(provider);

        var (_, events, body) = await StreamAsync(rig, new Scenario
        {
            Chunks = ["a", "b", "c"],
            BeforeEvent = (i, ct) => i == 2 ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask,
        });

        Assert.Equal("upstream_timeout", LastErrorCode(events));
        // While it waited, heartbeats kept the connection open.
        Assert.Contains(": keep-alive\n\n", body);
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task AQuietProvider_GetsHeartbeatsAndTheStreamEndsWell(string provider)
    {
        await using var rig = await StartAsync(provider);
        var heartbeatSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        rig.Emulator.NextScenarios.Enqueue(new Scenario
        {
            Chunks = ["a", "b", "c"],
            // The upstream holds its third event until the client has seen a heartbeat.
            BeforeEvent = async (i, ct) => { if (i == 2) await heartbeatSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), ct); },
        });
        using var response = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(rig.Model, "Hi", stream: true), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (line == ": keep-alive") heartbeatSeen.TrySetResult();
        }

        Assert.Contains(": keep-alive", lines);
        Assert.Equal("data: [DONE]", lines.Last(l => l.Length > 0));
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task AClientThatGoesAway_CancelsTheUpstreamCall(string provider)
    {
        await using var rig = await StartAsync(provider);
        var upstreamCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Emulator.NextScenarios.Enqueue(new Scenario
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
        var response = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(rig.Model, "Hi", stream: true), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        Assert.True(await stream.ReadAsync(new byte[1024], cts.Token) > 0);

        response.Dispose();
        await cts.CancelAsync();

        await upstreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
