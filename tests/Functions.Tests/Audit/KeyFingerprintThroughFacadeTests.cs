using System.Net;
using System.Security.Cryptography;
using System.Text;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Audit;

/// <summary>
/// What the audit keeps of a presented key: for a key no caller owns, an HMAC keyed with a secret of the facade's, so
/// reading the audit cannot confirm a guess; for a valid key, on any route, its caller's name and no fingerprint (issue 21).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KeyFingerprintThroughFacadeTests(AzuriteFixture azurite)
{
    private const string Guess = "nope";
    private const string SealKey = "facade-host-test-seal-key-0123456789abcdef";
    private const string FingerprintKey = "fingerprint-key-for-the-tests-0123456789";

    private Task<LanruiEnvironment> StartAsync(string? fingerprintKey = null) => LanruiEnvironment.StartAsync(new Dictionary<string, string?>
    {
        ["Audit:ConnectionString"] = azurite.ConnectionString,
        ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
        ["Secrets:Values:audit-seal-key"] = SealKey,
        ["Secrets:Values:audit-fingerprint-key"] = fingerprintKey,
    });

    private static string Hmac(string key, string value) =>
        "hmac:" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value)))[..16];

    private static string Sha256Prefix(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];

    [Fact]
    public async Task AWrongKey_IsFingerprintedWithTheFingerprintKey_NotWithAPlainHash()
    {
        await using var env = await StartAsync(FingerprintKey);
        using var guesser = FacadeHttp.WithHeader(env.Facade.Address, "Authorization", "Bearer " + Guess);

        using var response = await guesser.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));
        var record = await AuditThroughFacadeTests.RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(Hmac(FingerprintKey, Guess), record.KeyFingerprint);
        Assert.DoesNotContain(Sha256Prefix(Guess), record.KeyFingerprint);
    }

    [Fact]
    public async Task WithoutAFingerprintKey_TheSealKeyServes()
    {
        await using var env = await StartAsync();
        using var guesser = FacadeHttp.WithHeader(env.Facade.Address, "api-key", Guess);

        using var response = await guesser.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));
        var record = await AuditThroughFacadeTests.RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal(Hmac(SealKey, Guess), record.KeyFingerprint);
    }

    [Theory]
    [InlineData("GET", "no/such/path", 404)]
    [InlineData("GET", "v1/chat/completions", 405)]
    public async Task AValidKey_OnARouteRefusedBeforeAuthentication_IsRecordedByItsCallerNeverByFingerprint(string method, string path, int status)
    {
        await using var env = await StartAsync(FingerprintKey);

        using var response = await env.Facade.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var record = await AuditThroughFacadeTests.RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal((FacadeHost.CallerName, "api-key"), (record.Summary.Caller, record.CallerMethod));
        Assert.Null(record.KeyFingerprint);
    }
}
