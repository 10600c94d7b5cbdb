using System.Net;
using Functions.Tests.TestInfrastructure;

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
        using (var warm = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "before")))
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
