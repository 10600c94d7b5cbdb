using System.Net;
using System.Text;
using Emulators;
using Emulators.MindIE;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.MindIE;

/// <summary>
/// How the facade proves itself to MindIE: mutual TLS against an emulator that demands a client certificate
/// from the test CA (MindIE's default), and the optional Bearer key of a coordinator in front of it.
/// A missing, wrong or unreadable certificate, or an untrusted server, is a 502 that says what to fix.
/// </summary>
public sealed class MindIEAuthenticationTests
{
    private static readonly MindIECertificates Certificates = MindIECertificates.Instance;

    [Fact]
    public async Task MutualTls_WithTheClientCertificateAsPem_Works()
    {
        await using var env = await MindIEEnvironment.StartAsync(mutualTls: true);
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["secure", " hello"] });
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["streamed"] });
        var client = env.Facade.ChatClient(MindIEEnvironment.Model);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]);
        var streamed = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate) streamed.Append(part.Text);
        }

        Assert.Equal("secure hello", completion.Content[0].Text);
        Assert.Equal("streamed", streamed.ToString());
        Assert.StartsWith("https://", env.Server.Address.ToString());
    }

    [Fact]
    public async Task MutualTls_WithTheClientCertificateAsBase64Pfx_Works()
    {
        await using var env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Secrets:Values:mindie-client-cert"] = MindIECertificates.ToPfxBase64(Certificates.Client),
        }, mutualTls: true);

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MutualTls_WithoutAClientCertificate_Is502SayingWhichSecretIsMissing()
    {
        await using var env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?> { ["Secrets:Values:mindie-client-cert"] = null }, mutualTls: true);

        var message = await Expect502Async(env);

        Assert.Contains("requires a client certificate", message);
        Assert.Contains("'mindie-client-cert'", message);
        Assert.Equal(0, env.Emulator.RequestCount);
    }

    [Fact]
    public async Task MutualTls_WithAClientCertificateFromAnotherCa_Is502SayingItWasNotAccepted()
    {
        var wrong = MindIECertificates.ToPem(Certificates.WrongClient);
        await using var env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?> { ["Secrets:Values:mindie-client-cert"] = wrong }, mutualTls: true);

        var message = await Expect502Async(env);

        Assert.Contains("did not accept the facade's client certificate", message);
        AssertNoSecretIn(message, wrong);
        Assert.Equal(0, env.Emulator.RequestCount);
    }

    [Fact]
    public async Task MutualTls_WhenTheServerCaIsNotConfigured_Is502SayingTheServerIsNotTrusted()
    {
        await using var env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?> { ["Providers:MindIE:CaCertificate"] = null }, mutualTls: true);

        var message = await Expect502Async(env);

        Assert.Contains("server certificate is not trusted", message);
        Assert.Contains("Providers:MindIE:CaCertificate", message);
    }

    [Fact]
    public async Task MutualTls_WhenMindIEDropsARequestAfterAcceptingTheCertificate_DoesNotBlameTheCertificate()
    {
        await using var env = await MindIEEnvironment.StartAsync(mutualTls: true);
        env.Emulator.NextScenarios.Enqueue(new Scenario { Options = { ["drop"] = "" } });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("upstream_unreachable", error["code"]!.GetValue<string>());
        Assert.DoesNotContain("certificate", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnreadableClientCertificateSecret_Is502NamingTheSecretButNotItsValue()
    {
        const string Garbage = "-----BEGIN CERTIFICATE-----\nc2VjcmV0LXRoYXQtaXMtbm90LWEtY2VydA==\n-----END CERTIFICATE-----";
        await using var env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?> { ["Secrets:Values:mindie-client-cert"] = Garbage }, mutualTls: true);

        var message = await Expect502Async(env);

        Assert.Contains("'mindie-client-cert' secret cannot be read", message);
        AssertNoSecretIn(message, Garbage);
    }

    [Fact]
    public async Task CoordinatorKey_WhenConfigured_IsSentAsBearer()
    {
        var emulator = new MindIEEmulator { ApiKey = "coordinator-key" };
        await using var env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?> { ["Secrets:Values:mindie-api-key"] = "coordinator-key" }, emulator: emulator);

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer coordinator-key", env.Emulator.LastRequest.Headers["Authorization"]);
    }

    [Fact]
    public async Task CoordinatorKey_WhenRejected_Is502ForTheFacadesCredential()
    {
        var emulator = new MindIEEmulator { ApiKey = "coordinator-key" };
        await using var env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?> { ["Secrets:Values:mindie-api-key"] = "stale-key" }, emulator: emulator);

        var message = await Expect502Async(env);

        Assert.Contains("'mindie-api-key'", message);
        Assert.DoesNotContain("stale-key", message);
    }

    private static async Task<string> Expect502Async(MindIEEnvironment env)
    {
        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(MindIEEnvironment.Model, "Hi", stream: true));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("upstream_auth_failed", error["code"]!.GetValue<string>());
        Assert.Equal("api_error", error["type"]!.GetValue<string>());
        return error["message"]!.GetValue<string>();
    }

    private static void AssertNoSecretIn(string message, string secret)
    {
        foreach (var line in secret.Split('\n').Where(l => l.Length > 16 && !l.StartsWith("-----", StringComparison.Ordinal)))
            Assert.DoesNotContain(line.Trim(), message);
    }
}
