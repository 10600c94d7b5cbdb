using System.Net;
using Functions.Core.Audit;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Functions.Tests.Audit;

/// <summary>
/// What the audit keeps of a request's headers on the Kestrel host: no invocation id a client sent (only the
/// Functions host may set one), and every copied header bounded, on accepted calls and refusals alike (issue 21).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RecordedHeadersThroughFacadeTests(AzuriteFixture azurite)
{
    private const int MaxHeaderLength = 512;

    [Fact]
    public async Task KestrelHost_ForgedInvocationId_IsNotRecorded_OnAcceptedCallsNorOn401()
    {
        await using var env = await StartAsync();
        var forged = "forged-" + new string('i', 16 * 1024);
        using var caller = FacadeHttp.WithHeader(env.Facade.Address, "x-ms-invocation-id", forged);
        caller.DefaultRequestHeaders.Authorization = env.Facade.Http.DefaultRequestHeaders.Authorization;
        using var stranger = FacadeHttp.WithHeader(env.Facade.Address, "x-ms-invocation-id", forged);
        stranger.DefaultRequestHeaders.Add("X-Azure-Functions-InvocationId", "forged-too");

        using var accepted = await caller.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));
        using var refused = await stranger.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (accepted.StatusCode, refused.StatusCode));
        var acceptedRecord = await FindFinishedAsync(env, accepted);
        var refusedRecord = await FindFinishedAsync(env, refused);
        Assert.Equal(("completed", "rejected"), (acceptedRecord.Summary.Outcome, refusedRecord.Summary.Outcome));
        Assert.Null(acceptedRecord.InvocationId);
        Assert.Null(refusedRecord.InvocationId);
    }

    [Fact]
    public async Task A30KBUserAgent_IsRecordedBounded_WithTheCutMarked_OnAcceptedCallsAndOn401()
    {
        await using var env = await StartAsync();
        var agent = "hostile/1.0 " + new string('u', 30 * 1024);
        using var caller = FacadeHttp.WithHeader(env.Facade.Address, "User-Agent", agent);
        caller.DefaultRequestHeaders.Authorization = env.Facade.Http.DefaultRequestHeaders.Authorization;
        using var stranger = FacadeHttp.WithHeader(env.Facade.Address, "User-Agent", agent);

        using var accepted = await caller.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));
        using var refused = await stranger.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));

        var expected = agent[..MaxHeaderLength] + $"…[cut {agent.Length - MaxHeaderLength} chars]";
        Assert.Equal(expected, (await FindFinishedAsync(env, accepted)).UserAgent);
        Assert.Equal(expected, (await FindFinishedAsync(env, refused)).UserAgent);
    }

    [Fact]
    public async Task AnOrdinaryUserAgent_IsRecordedAsReceived()
    {
        await using var env = await StartAsync();
        using var caller = FacadeHttp.WithHeader(env.Facade.Address, "User-Agent", "OpenAI/.NET 2.2.0 (test)");
        caller.DefaultRequestHeaders.Authorization = env.Facade.Http.DefaultRequestHeaders.Authorization;

        using var accepted = await caller.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));

        Assert.Equal("OpenAI/.NET 2.2.0 (test)", (await FindFinishedAsync(env, accepted)).UserAgent);
    }

    private Task<LanruiEnvironment> StartAsync() => LanruiEnvironment.StartAsync(new Dictionary<string, string?>
    {
        ["Audit:ConnectionString"] = azurite.ConnectionString,
        ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
    });

    private static Task<AuditRecord> FindFinishedAsync(LanruiEnvironment env, HttpResponseMessage response)
    {
        var requestId = response.Headers.GetValues("x-request-id").Single();
        var reader = env.Facade.Services.GetRequiredService<AuditReader>();
        return Eventually.FindAsync(async () =>
            (await reader.FindByRequestIdAsync(requestId, CancellationToken.None)).SingleOrDefault(r => r.Summary.Outcome is not null), TimeSpan.FromSeconds(30));
    }
}
