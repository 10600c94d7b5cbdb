using System.Net;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Functions.Tests.Audit;

/// <summary>No prompt reaches a provider without its audit record: with the store down, calls are refused.</summary>
public sealed class AuditOutageThroughFacadeTests : IAsyncLifetime
{
    private AzuriteInstance _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteInstance.StartNewAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task AzuriteStopped_Answers503AndSendsNothingUpstream_ThenCallsSucceedWhenItIsBack()
    {
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = _azurite.ConnectionString,
            ["Audit:WriteTimeout"] = "00:00:01",
        });
        // A cold process's first write may not fit a short budget on a busy machine: warm up as a client would.
        using (var warm = await PostHonouringRetryAfterAsync(env.Facade, FacadeHttp.ChatJson(LanruiEnvironment.Model, "before")))
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        var sentBefore = env.Emulator.RequestCount;

        await _azurite.StopAsync();
        using var refused = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "during"));
        using var refusedStream = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "during", stream: true));
        var sentDuring = env.Emulator.RequestCount - sentBefore;
        await _azurite.StartAsync();
        using var after = await PostHonouringRetryAfterAsync(env.Facade, FacadeHttp.ChatJson(LanruiEnvironment.Model, "after"));
        var refusedRecord = await AuditThroughFacadeTests.RecordAsync(env.Facade, refused.Headers.GetValues("x-request-id").Single());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("audit_unavailable", (await refused.ErrorAsync())["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedStream.StatusCode);
        Assert.Equal(0, sentDuring);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(("rejected", 503), (refusedRecord.Summary.Outcome, refusedRecord.Summary.Status));
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.NotNull(refusedStream.Headers.RetryAfter);
    }

    [Fact]
    public async Task CallsUnderWayWhenAzuriteStops_AnswerTheirClients_AndTheirOutcomesWaitInHealth_UntilItIsBack()
    {
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?> { ["Audit:ConnectionString"] = _azurite.ConnectionString });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < 3; i++)
        {
            env.Emulator.NextScenarios.Enqueue(new Emulators.Scenario { Chunks = ["a", "b"], BeforeEvent = (e, ct) => e == 1 ? release.Task.WaitAsync(ct) : Task.CompletedTask });
        }

        var streams = Enumerable.Range(0, 3).Select(i => env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, $"under way {i}", stream: true))).ToList();
        while (env.Emulator.RequestCount < 3) await Task.Delay(20);
        await _azurite.StopAsync();
        release.SetResult();
        var answers = await Task.WhenAll(streams.Select(async s => { using var r = await s; return (r.StatusCode, await r.Content.ReadAsStringAsync()); }));
        var during = await AuditHealthAsync(env.Facade);
        await _azurite.StartAsync();
        var ids = streams.Select(s => s.Result.Headers.GetValues("x-request-id").Single()).ToList();
        var records = new List<Functions.Core.Audit.AuditRecord>();
        foreach (var id in ids) records.Add(await AuditThroughFacadeTests.RecordAsync(env.Facade, id));
        var after = await AuditHealthAsync(env.Facade);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(answers, a => Assert.EndsWith("data: [DONE]\n\n", a.Item2, StringComparison.Ordinal));
        Assert.Equal(3, during["pendingCompletions"]!.GetValue<long>());
        Assert.True(during["pendingCompletionBytes"]!.GetValue<long>() > 0);
        Assert.All(records, r => Assert.Equal(("completed", "ab"), (r.Summary.Outcome, r.ResponseText)));
        Assert.Equal((0L, 0L), (after["pendingCompletions"]!.GetValue<long>(), after["completionFailures"]!.GetValue<long>()));
    }

    [Fact]
    public async Task AnOutage_IsOneWarningAtItsStart_AndOneLineWithItsCountAtItsEnd_NotALinePerRefusedCall()
    {
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = _azurite.ConnectionString,
            ["Audit:WriteTimeout"] = "00:00:00.500",
        }, configure: builder =>
        {
            builder.Services.AddFakeLogging();
            builder.Logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Information);
        });
        var logs = env.Facade.Services.GetFakeLogCollector();
        // A cold process's first write may not fit a short budget on a busy machine: warm up as a client would.
        using (var warm = await PostHonouringRetryAfterAsync(env.Facade, FacadeHttp.ChatJson(LanruiEnvironment.Model, "before")))
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        logs.Clear();

        await _azurite.StopAsync();
        var refused = 0;
        for (var i = 0; i < 10; i++)
        {
            using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, $"during {i}"));
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable) refused++;
        }
        var duringOutage = logs.GetSnapshot();
        await _azurite.StartAsync();
        using var after = await PostHonouringRetryAfterAsync(env.Facade, FacadeHttp.ChatJson(LanruiEnvironment.Model, "after"));

        Assert.Equal(10, refused);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        // Storage failing (the committer) and calls refused (the store): a warning each for the outage, not one per call.
        var warnings = duringOutage.Where(r => r.Level >= LogLevel.Warning && r.Category?.StartsWith("Functions.Core.Audit", StringComparison.Ordinal) == true).ToList();
        Assert.True(warnings.Count is >= 1 and <= 2, string.Join("\n", warnings.Select(w => $"{w.Id.Id} {w.Category}: {w.Message}")));
        Assert.DoesNotContain(duringOutage, r => r.Id.Id == 1002 && r.Level >= LogLevel.Warning);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id is 5003 or 5008 && r.Message.Contains(" were ", StringComparison.Ordinal));
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> AuditHealthAsync(FacadeHost facade)
    {
        using var response = await facade.Http.GetAsync("health");
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["audit"]!;
    }

    /// <summary>Posts until the answer is not a 503 with Retry-After, waiting as told (at most 5 times): what a client should do.</summary>
    private static async Task<HttpResponseMessage> PostHonouringRetryAfterAsync(FacadeHost facade, string json)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await facade.Http.PostChatAsync(json);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter?.Delta is not { } wait || attempt == 5)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(wait);
        }
    }
}
