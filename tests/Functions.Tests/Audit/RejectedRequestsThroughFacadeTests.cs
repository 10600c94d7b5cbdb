using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Functions.Core.Audit;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Functions.Tests.Audit;

/// <summary>Every request leaves a record, those the facade refuses before any provider included, and no key is in any.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RejectedRequestsThroughFacadeTests(AzuriteFixture azurite)
{
    private const string WrongKey = "sk-wrong-key-canary-77e1f0";

    [Fact]
    public async Task Refusals401_400_404_405_413_LeaveOneRecordEach_WithoutAnyKey()
    {
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
            ["Limits:MaxRequestBodyBytes"] = "1024",
        });
        using var wrong = FacadeHttp.WithHeader(env.Facade.Address, "Authorization", "Bearer " + WrongKey);
        var sent = new List<(HttpResponseMessage Response, int Status)>
        {
            (await wrong.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi")), 401),
            (await env.Facade.Http.PostChatAsync("""{"model":"llama","messages":[{"role":"wizard","content":"x"}]}"""), 400),
            (await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson("no-such-model", "Hi")), 404),
            (await env.Facade.Http.GetAsync("v1/chat/completions"), 405),
            (await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, new string('x', 2000))), 413),
        };
        var store = env.Facade.Services.GetRequiredService<IAuditStore>();
        await store.FlushAsync(CancellationToken.None);
        var reader = env.Facade.Services.GetRequiredService<AuditReader>();

        foreach (var (response, status) in sent)
        {
            Assert.Equal(status, (int)response.StatusCode);
            var record = Assert.Single(await reader.FindByRequestIdAsync(response.Headers.GetValues("x-request-id").Single(), CancellationToken.None));
            Assert.Equal(("rejected", status), (record.Summary.Outcome, record.Summary.Status));
            // 401 never knew the caller; 405 is decided by the route before authentication, but its valid key names its caller.
            var expectedCaller = status is 401 ? null : FacadeHost.CallerName;
            Assert.Equal((status, expectedCaller), (status, record.Summary.Caller));
            if (expectedCaller is null) Assert.Matches("^hmac:[0-9a-f]{16}$", record.KeyFingerprint);
            else Assert.Null(record.KeyFingerprint);
        }
        var rows = await reader.ScanAllRowsAsync(CancellationToken.None).ToListAsync();
        Assert.DoesNotContain(rows, r => r.Entity.Any(p => p.Value is string s && (s.Contains(WrongKey, StringComparison.Ordinal) || s.Contains(FacadeHost.CallerKey, StringComparison.Ordinal))));
        Assert.Equal(0, env.Emulator.RequestCount);
    }
}
