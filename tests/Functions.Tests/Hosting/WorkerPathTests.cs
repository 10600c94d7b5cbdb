using System.Net;
using System.Text;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Hosting;

/// <summary>
/// The facade through the Functions host's protocol: the built isolated worker behind the Functions test host, with
/// the official OpenAI .NET client as the caller. The same chain as on Kestrel, reached the way Azure reaches it.
/// </summary>
public sealed class WorkerPathTests(WorkerRigFixture fixture) : IClassFixture<WorkerRigFixture>
{
    private WorkerRig Rig => fixture.Rig;

    [Theory]
    [MemberData(nameof(WorkerRig.Models), MemberType = typeof(WorkerRig))]
    public async Task NonStream_ReachesEachProviderThroughTheWorker(string model)
    {
        Rig.EmulatorFor(model).NextScenarios.Enqueue(new Scenario { Chunks = ["你好", "，", "世界"] });

        ChatCompletion completion = await Rig.ChatClient(model).CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("你好，世界", completion.Content[0].Text);
        Assert.Equal(model, completion.Model);
        Assert.Equal(3, completion.Usage.OutputTokenCount);
    }

    [Theory]
    [MemberData(nameof(WorkerRig.Models), MemberType = typeof(WorkerRig))]
    public async Task Stream_ReachesEachProviderThroughTheWorker(string model)
    {
        Rig.EmulatorFor(model).NextScenarios.Enqueue(new Scenario { Chunks = ["你好", "，", "世界 😀"] });

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Rig.ChatClient(model).CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("你好，世界 😀", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(3, usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Stream_EachEventLeavesTheWorkerBeforeTheNextUpstreamRead()
    {
        var firstReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Rig.Lanrui.NextScenarios.Enqueue(new Scenario
        {
            Chunks = ["first", "second", "third"],
            BeforeEvent = async (i, ct) => { if (i == 2) await firstReceived.Task.WaitAsync(TimeSpan.FromSeconds(10), ct); },
        });

        var pieces = new List<string>();
        await foreach (var update in Rig.ChatClient(LanruiEnvironment.Model).CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                pieces.Add(part.Text);
                if (part.Text == "first") firstReceived.TrySetResult();
            }
        }

        Assert.Equal(["first", "second", "third"], pieces);
    }

    [Fact]
    public async Task AClientThatGoesAway_CancelsTheUpstreamCall()
    {
        var upstreamCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Rig.MindIE.NextScenarios.Enqueue(new Scenario
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
        var response = await Rig.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi", stream: true), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        Assert.True(await stream.ReadAsync(new byte[1024], cts.Token) > 0);

        response.Dispose();
        await cts.CancelAsync();

        await upstreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Refusals_AreTheFacadesOwnEnvelopes()
    {
        using var anonymous = new HttpClient { BaseAddress = Rig.Host.BaseAddress };
        using var unauthenticated = await anonymous.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));
        using var invalid = await Rig.Http.PostChatAsync("""{"model":"llama","messages":[{"role":"wizard","content":"x"}]}""");
        using var unknown = await Rig.Http.GetAsync("v1/nothing");
        using var wrongMethod = await Rig.Http.GetAsync("v1/chat/completions");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), (unauthenticated.StatusCode, (await unauthenticated.ErrorAsync())["code"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "messages[0].role"), (invalid.StatusCode, (await invalid.ErrorAsync())["param"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (unknown.StatusCode, (await unknown.ErrorAsync())["code"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "method_not_allowed"), (wrongMethod.StatusCode, (await wrongMethod.ErrorAsync())["code"]!.GetValue<string>()));
        Assert.True(unauthenticated.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task PassThrough_HandsOnBaidusBytes()
    {
        Rig.Baidu.NextScenarios.Enqueue(new Scenario { Chunks = ["北京", "是首都"] });

        using var response = await Rig.Http.PostAsync($"baidu/chat/{BaiduEnvironment.Target}",
            new StringContent("""{"messages":[{"role":"user","content":"你好"}],"stream":true}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetString(Rig.Baidu.LastResponseBytes), body);
    }

    [Fact]
    public async Task ACall_LeavesItsAuditRecord_WithTheFunctionsInvocationId()
    {
        Rig.Lanrui.NextScenarios.Enqueue(new Scenario { Chunks = ["audited"] });
        using var response = await Rig.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hello audit"));
        var requestId = response.Headers.GetValues("x-request-id").Single();
        var reader = Rig.AuditReader();

        var record = await Eventually.FindAsync(async () =>
            (await reader.FindByRequestIdAsync(requestId, CancellationToken.None)).SingleOrDefault(r => r.Summary.Outcome is not null), TimeSpan.FromSeconds(30));

        Assert.Equal(("completed", 200), (record.Summary.Outcome, record.Summary.Status));
        Assert.Equal("audited", record.ResponseText);
        Assert.Contains("Hello audit", record.PromptReceived);
        Assert.True(Guid.TryParse(record.InvocationId, out _), "The Functions host's invocation id is recorded.");
    }

    [Fact]
    public async Task AThousandMixedRequestsAt64Concurrent_AllSucceed()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            // Chat calls whole and streamed (audited, to Lanrui), model lists and health checks, interleaved.
            using var response = (i % 4) switch
            {
                0 => await Rig.Http.GetAsync("v1/models", ct),
                1 => await Rig.Http.GetAsync("health", ct),
                2 => await Rig.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, $"Hi {i}"), cancellationToken: ct),
                _ => await Rig.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, $"Hi {i}", stream: true), cancellationToken: ct),
            };
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK || (i % 4 == 3 && !body.Contains("data: [DONE]", StringComparison.Ordinal))) failures.Add($"#{i}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        Assert.DoesNotContain(Rig.Host.Log.Entries, e => e.ToString().Contains("Timed out waiting", StringComparison.Ordinal));
    }
}
