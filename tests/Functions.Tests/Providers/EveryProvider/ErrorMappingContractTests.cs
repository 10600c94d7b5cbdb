using System.Net;
using System.Text.Json.Nodes;
using Functions.Core.Audit;
using Functions.Tests.Audit;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.EveryProvider;

/// <summary>
/// docs/errors.md, checked on every provider: the same upstream failure gives the same status and code whatever the
/// provider, the message says what really happened, and the audit records the code the client got. Scripted the way
/// a person tries it, with the emulators' <c>[[emulate: …]]</c> directives in the prompt.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ErrorMappingContractTests(AzuriteFixture azurite)
{
    private Task<ProviderRig> StartAsync(string provider, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = AzuriteFixture.NewTableName("Errors"),
            // About what is recorded, not how fast: a loaded test machine must not refuse calls.
            ["Audit:WriteTimeout"] = "00:00:15",
        };
        foreach (var (key, value) in settings) all[key] = value;
        return ProviderRig.StartAsync(provider, all);
    }

    private static async Task<(HttpResponseMessage Response, string Body)> ChatAsync(ProviderRig rig, string directive, bool stream)
    {
        var response = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(rig.Model, $"Hi [[emulate: {directive}]]", stream));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The stream's last event, which must be an error (and no <c>[DONE]</c>).</summary>
    private static JsonNode ErrorEvent(string body)
    {
        var events = FacadeHttp.DataEvents(body);
        Assert.DoesNotContain("[DONE]", events);
        return JsonNode.Parse(events[^1])!["error"] ?? throw new Xunit.Sdk.XunitException("The last event is not an error: " + events[^1]);
    }

    private static async Task<AuditRecord> RecordAsync(ProviderRig rig, HttpResponseMessage response) =>
        await AuditThroughFacadeTests.RecordAsync(rig.Facade, response.Headers.GetValues("x-request-id").Single());

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task TheProvidersOwnErrorMidStream_IsUpstreamError_InTheEventAndTheAudit(string provider)
    {
        await using var rig = await StartAsync(provider);

        var (response, body) = await ChatAsync(rig, "error-after=2", stream: true);
        using (response)
        {
            var error = ErrorEvent(body);
            var record = await RecordAsync(rig, response);

            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(("upstream_error", "api_error"), (error["code"]!.GetValue<string>(), error["type"]!.GetValue<string>()));
            // The provider's words are passed on, attributed to it; no time limit of the facade's fired.
            Assert.StartsWith(ProviderDisplay(provider) + " failed", error["message"]!.GetValue<string>());
            Assert.Equal(("upstream_error", 200), (record.Summary.Outcome, record.Summary.Status));
            Assert.StartsWith("upstream_error", record.ErrorCode);
        }
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task AConnectionResetAfterEvents_IsUpstreamErrorSayingSo_NotUnreachable(string provider)
    {
        await using var rig = await StartAsync(provider);

        var (response, body) = await ChatAsync(rig, "reset-after=1", stream: true);
        using (response)
        {
            var error = ErrorEvent(body);
            var message = error["message"]!.GetValue<string>();
            var record = await RecordAsync(rig, response);

            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("upstream_error", error["code"]!.GetValue<string>());
            Assert.Matches(@"connection was reset after \d+ events?\b", message);
            Assert.DoesNotContain("could not be reached", message);
            Assert.Equal(("upstream_error", 200), (record.Summary.Outcome, record.Summary.Status));
            Assert.StartsWith("upstream_error", record.ErrorCode);
        }
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task SilencePastIdleTimeout_IsUpstreamTimeout_NamingTheSettingAndItsValue(string provider)
    {
        var setting = $"Providers:{ProviderDisplay(provider)}:IdleTimeout";
        await using var rig = await StartAsync(provider, (setting, "00:00:00.500"));

        // Every event waits 3 s; the first comes with the headers, then the provider is silent past the limit. Baidu's
        // first event has text, so the client already has a 200 and gets an error event; the others' first event is
        // role-only, nothing has gone to the client, and it gets a 504.
        var (response, body) = await ChatAsync(rig, "delay=3000", stream: true);
        using (response)
        {
            var status = (int)response.StatusCode;
            Assert.True(status == (provider == "baidu" ? 200 : 504), $"{status}: {body}");
            var error = status == 200 ? ErrorEvent(body) : await response.ErrorAsync();
            var record = await RecordAsync(rig, response);

            Assert.Equal(("upstream_timeout", "timeout_error"), (error["code"]!.GetValue<string>(), error["type"]!.GetValue<string>()));
            Assert.Contains($"no data within the idle limit after 1 event ({setting} = 00:00:00.5)", error["message"]!.GetValue<string>());
            // The record says what the client got.
            Assert.Equal(("timeout", status, "upstream_timeout"), (record.Summary.Outcome, record.Summary.Status, record.ErrorCode));
        }
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task NoAnswerWithinFirstByteTimeout_Is504UpstreamTimeout_NamingTheSettingAndItsValue(string provider)
    {
        var setting = $"Providers:{ProviderDisplay(provider)}:FirstByteTimeout";
        await using var rig = await StartAsync(provider, (setting, "00:00:00.500"));

        var (response, body) = await ChatAsync(rig, "first-byte-delay=3000", stream: false);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.GatewayTimeout, $"{(int)response.StatusCode}: {body}");
            var error = await response.ErrorAsync();
            var record = await RecordAsync(rig, response);

            Assert.Equal("upstream_timeout", error["code"]!.GetValue<string>());
            Assert.Contains($"{setting} = 00:00:00.5", error["message"]!.GetValue<string>());
            Assert.Equal(("timeout", 504, "upstream_timeout"), (record.Summary.Outcome, record.Summary.Status, record.ErrorCode));
        }
    }

    private static string ProviderDisplay(string provider) => provider switch
    {
        "lanrui" => "Lanrui",
        "baidu" => "Baidu",
        _ => "MindIE",
    };
}
