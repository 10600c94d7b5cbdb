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
        using var after = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "after"));
        var refusedRecord = await AuditThroughFacadeTests.RecordAsync(env.Facade, refused.Headers.GetValues("x-request-id").Single());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("audit_unavailable", (await refused.ErrorAsync())["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedStream.StatusCode);
        Assert.Equal(0, sentDuring);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(("rejected", 503), (refusedRecord.Summary.Outcome, refusedRecord.Summary.Status));
    }
}
