using System.Net;
using System.Text.Json.Nodes;
using Emulators.Lanrui;
using Functions.Core.Secrets;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace Functions.Tests.Secrets;

/// <summary><c>GET /health/ready</c> checks the secrets the configured providers use, through the Key Vault cache.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReadinessThroughFacadeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AVaultOutage_WithEveryUsedSecretCached_IsDegradedAndStaysReady_AndCallsGoOn()
    {
        await using var cached = await CachedVault.StartAsync();
        cached.Vault.SetSecret(SecretNames.LanruiApiKey, LanruiEmulator.DefaultApiKey);
        await using var env = await LanruiEnvironment.StartAsync(configure: builder =>
        {
            builder.Services.AddSingleton<ISecretStore>(cached.Store);
            builder.Services.AddSingleton<ISecretStoreHealth>(cached.Store);
        });
        // Warmed by a call, as a busy instance is: only Lanrui's key has been read.
        using (var warm = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "warm")))
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        cached.Vault.FailWithStatus = 503;
        cached.Time.Advance(cached.Options.CacheTtl);
        using var ready = await env.Facade.Http.GetAsync("health/ready");
        using var call = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "during"));
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(("ready", "Degraded"), (body["status"]!.GetValue<string>(), body["secrets"]!["state"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        // The other providers' secrets are not this deployment's concern: never asked for.
        Assert.DoesNotContain(cached.Vault.Requests, r => r.Contains(SecretNames.MindIEClientCertificate, StringComparison.Ordinal) || r.Contains(SecretNames.BaiduApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AModelsSecretNotSet_IsNotReady_AndTheReasonIsLoggedNotShown()
    {
        await using var env = await LanruiEnvironment.StartAsync(settings: new Dictionary<string, string?> { ["Secrets:Values:lanrui-api-key"] = "" },
            configure: builder => builder.Services.AddFakeLogging());
        using var http = FacadeHttp.WithoutKey(env.Facade.Address);

        using var ready = await http.GetAsync("health/ready");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("unavailable", JsonNode.Parse(body)!["status"]!.GetValue<string>());
        Assert.DoesNotContain(SecretNames.LanruiApiKey, body);
        Assert.Contains(env.Facade.Services.GetFakeLogCollector().GetSnapshot(), r => r.Message.StartsWith("Not ready: Secret lanrui-api-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASealKeyTooShort_WithTheAuditOn_IsNotReady()
    {
        await using var env = await LanruiEnvironment.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = AzuriteFixture.NewTableName("Ready"),
            ["Secrets:Values:audit-seal-key"] = "short",
        }, configure: builder => builder.Services.AddFakeLogging());
        using var http = FacadeHttp.WithoutKey(env.Facade.Address);

        using var ready = await http.GetAsync("health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var logged = env.Facade.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message).ToList();
        Assert.Contains(logged, m => m.StartsWith("Not ready: Secret audit-seal-key", StringComparison.Ordinal) && m.Contains("shorter than 32", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, m => m.Contains("audit store", StringComparison.Ordinal));
    }
}
