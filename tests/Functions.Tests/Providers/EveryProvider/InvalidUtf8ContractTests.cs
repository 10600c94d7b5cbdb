using System.Net;
using System.Text.Json.Nodes;
using Emulators;
using Functions.Tests.Audit;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.EveryProvider;

/// <summary>
/// An upstream answer that is not valid UTF-8 is the provider's protocol error on every provider and route: a 502
/// <c>upstream_protocol_error</c> before the answer started, the route's error form after, recorded as such (issue 21).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InvalidUtf8ContractTests(AzuriteFixture azurite)
{
    private Task<ProviderRig> StartAsync(string provider) => ProviderRig.StartAsync(provider, new Dictionary<string, string?>
    {
        ["Audit:ConnectionString"] = azurite.ConnectionString,
        ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
    });

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task NonStream_AnAnswerThatIsNotUtf8_Is502UpstreamProtocolError_AndRecordedAsSuch(string provider)
    {
        await using var rig = await StartAsync(provider);
        rig.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", EmulatorText.InvalidUtf8, "c"] });

        using var response = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(rig.Model, "Hi"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_protocol_error", (await response.ErrorAsync())["code"]!.GetValue<string>());
        var record = await AuditThroughFacadeTests.RecordAsync(rig.Facade, response.Headers.GetValues("x-request-id").Single());
        Assert.Equal((502, "upstream_protocol_error"), (record.Summary.Status, record.ErrorCode));
    }

    [Theory]
    [MemberData(nameof(ProviderRig.Names), MemberType = typeof(ProviderRig))]
    public async Task Stream_AnEventThatIsNotUtf8_IsAnErrorEventAfterTheTextSoFar_WithoutDone_AndRecordedAsSuch(string provider)
    {
        await using var rig = await StartAsync(provider);
        rig.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", EmulatorText.InvalidUtf8, "c"] });

        using var response = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(rig.Model, "Hi", stream: true));
        var events = FacadeHttp.DataEvents(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(events, e => e.Contains("\"content\":\"a\"", StringComparison.Ordinal));
        Assert.DoesNotContain("[DONE]", events);
        Assert.Equal("upstream_protocol_error", JsonNode.Parse(events[^1])!["error"]?["code"]?.GetValue<string>());
        var record = await AuditThroughFacadeTests.RecordAsync(rig.Facade, response.Headers.GetValues("x-request-id").Single());
        Assert.Equal(("upstream_error", 200, "upstream_protocol_error"), (record.Summary.Outcome, record.Summary.Status, record.ErrorCode));
    }

    [Theory]
    [InlineData("baidu")]
    [InlineData("mindie")]
    public async Task PassThroughStream_AnEventThatIsNotUtf8_EndsInTheProvidersOwnErrorForm_AndIsRecordedAsSuch(string provider)
    {
        await using var rig = await StartAsync(provider);
        rig.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", EmulatorText.InvalidUtf8, "c"] });
        var (path, body) = provider == "baidu"
            ? ($"baidu/chat/{rig.Target}", """{"messages":[{"role":"user","content":"Hi"}],"stream":true}""")
            : ("mindie/v1/chat/completions", $$"""{"model":"{{rig.Target}}","messages":[{"role":"user","content":"Hi"}],"stream":true}""");

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var response = await rig.Facade.Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = System.Text.Encoding.UTF8.GetString(bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(System.Text.Unicode.Utf8.IsValid(bytes), "The caller gets no byte the facade could not decode.");
        var last = text.TrimEnd('\n').Split('\n')[^1];
        if (provider == "baidu") Assert.Contains("\"facade_error\":\"upstream_protocol_error\"", last);
        else Assert.Contains("\"error_type\":\"upstream_protocol_error\"", last);
        var record = await AuditThroughFacadeTests.RecordAsync(rig.Facade, response.Headers.GetValues("x-request-id").Single());
        Assert.Equal(("upstream_error", 200, "upstream_protocol_error"), (record.Summary.Outcome, record.Summary.Status, record.ErrorCode));
    }
}
