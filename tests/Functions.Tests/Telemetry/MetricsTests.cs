using System.Net;
using System.Net.Http.Headers;
using Emulators;
using Emulators.Baidu;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Telemetry;

/// <summary>
/// The facade's metrics through the in-memory exporter, for each kind of call: GenAI conventions (names, units,
/// attributes), the facade's caller and route, outcomes and statuses, Baidu's verdicts.
/// </summary>
public sealed class MetricsTests
{
    // The exporter hears every facade of the test process (meters are matched by name): this class's calls are told
    // apart from other tests' by a caller name of their own.
    private readonly string _caller = "metrics-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(ProviderRig Rig, TelemetryRig Telemetry)> StartAsync(string provider, Dictionary<string, string?>? settings = null)
    {
        var (configure, metrics, spans) = TelemetryRig.Exporters();
        settings = new Dictionary<string, string?>(settings ?? []) { ["Callers:0:Name"] = _caller };
        var rig = await ProviderRig.StartAsync(provider, settings, configure);
        return (rig, new TelemetryRig(metrics, spans, rig.Facade.Services, _caller));
    }

    private static bool Is(Dictionary<string, object?> tags, string key, object value) => tags.TryGetValue(key, out var actual) && Equals(actual, value);

    [Fact]
    public async Task ANonStreamCall_RecordsTokensDurationAndItsOutcome()
    {
        var (rig, telemetry) = await StartAsync("lanrui");
        await using var _ = rig;
        rig.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b", "c"] });

        ChatCompletion completion = await rig.Facade.ChatClient(rig.Model).CompleteChatAsync([new UserChatMessage("Hi")]);

        var points = telemetry.Points();
        bool Call(Dictionary<string, object?> t) => Is(t, "gen_ai.provider.name", "lanrui") && Is(t, "gen_ai.request.model", rig.Model)
            && Is(t, "gen_ai.response.model", rig.Model) && Is(t, "gen_ai.operation.name", "chat") && Is(t, "caller", _caller) && Is(t, "route", "chat-completions");
        Assert.Equal(completion.Usage.InputTokenCount, telemetry.HistogramSum("gen_ai.client.token.usage", t => Call(t) && Is(t, "gen_ai.token.type", "input")));
        Assert.Equal(3, telemetry.HistogramSum("gen_ai.client.token.usage", t => Call(t) && Is(t, "gen_ai.token.type", "output")));
        Assert.Contains(points, p => p.Name == "gen_ai.client.operation.duration" && Call(p.Tags) && p.Value == 1 && !p.Tags.ContainsKey("error.type"));
        Assert.Contains(points, p => p.Name == "gen_ai.server.time_to_first_token" && Call(p.Tags) && p.Value == 1);
        Assert.Contains(points, p => p.Name == "llm_facade.requests" && Call(p.Tags) && Is(p.Tags, "outcome", "completed") && Is(p.Tags, "http.response.status_code", 200) && p.Value == 1);
        Assert.DoesNotContain(points, p => p.Name == "gen_ai.server.time_per_output_token");
    }

    [Fact]
    public async Task AStream_RecordsTimeToFirstTokenAndTimePerOutputToken()
    {
        var (rig, telemetry) = await StartAsync("mindie");
        await using var _ = rig;
        rig.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b", "c", "d"] });

        await foreach (var update in rig.Facade.ChatClient(rig.Model).CompleteChatStreamingAsync([new UserChatMessage("Hi")])) { }

        var points = telemetry.Points();
        Assert.Contains(points, p => p.Name == "gen_ai.server.time_to_first_token" && Is(p.Tags, "gen_ai.provider.name", "mindie"));
        Assert.Contains(points, p => p.Name == "gen_ai.server.time_per_output_token" && Is(p.Tags, "gen_ai.provider.name", "mindie") && p.Value == 1);
        Assert.Equal(4, telemetry.HistogramSum("gen_ai.client.token.usage", t => Is(t, "gen_ai.token.type", "output")));
    }

    [Fact]
    public async Task AnUpstreamFailure_IsCountedWithItsErrorType()
    {
        var (rig, telemetry) = await StartAsync("lanrui");
        await using var _ = rig;
        rig.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 503 });

        using var response = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(rig.Model, "Hi"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var points = telemetry.Points();
        Assert.Contains(points, p => p.Name == "llm_facade.requests" && Is(p.Tags, "outcome", "upstream_error") && Is(p.Tags, "http.response.status_code", 503)
            && Is(p.Tags, "error.type", "server_is_overloaded"));
        Assert.Contains(points, p => p.Name == "gen_ai.client.operation.duration" && Is(p.Tags, "error.type", "server_is_overloaded"));
    }

    [Fact]
    public async Task ABaiduFlaggedCall_CountsItsVerdict()
    {
        var (rig, telemetry) = await StartAsync("baidu");
        await using var _ = rig;
        rig.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(3, 0, "禁止"));

        await rig.Facade.ChatClient(rig.Model).CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Contains(telemetry.Points(), p => p.Name == "llm_facade.baidu.verdicts" && Is(p.Tags, "baidu.flag", 3)
            && Is(p.Tags, "baidu.need_clear_history", false) && Is(p.Tags, "caller", _caller) && p.Value == 1);
        Assert.Contains(telemetry.Points(), p => p.Name == "llm_facade.baidu.token_fetches" && Is(p.Tags, "kind", "fetch") && Is(p.Tags, "result", "ok"));
    }

    [Fact]
    public async Task ACallTheAuditCannotRecord_IsCountedAsRejected()
    {
        // An audit store nobody listens on: the record cannot be written within the budget, so nothing goes upstream.
        var (rig, telemetry) = await StartAsync("lanrui", new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            ["Audit:WriteTimeout"] = "00:00:00.300",
        });
        await using var _ = rig;

        using var response = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(rig.Model, "Hi"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, rig.Emulator.RequestCount);
        Assert.Contains(telemetry.Points(), p => p.Name == "llm_facade.requests" && Is(p.Tags, "outcome", "rejected") && Is(p.Tags, "http.response.status_code", 503)
            && Is(p.Tags, "error.type", "audit_unavailable") && Is(p.Tags, "gen_ai.request.model", rig.Model));
        Assert.Contains(telemetry.Points(), p => p.Name == "llm_facade.audit.write.duration" && Is(p.Tags, "result", "failed") && p.Value == 1);
        Assert.Contains(telemetry.Points(), p => p.Name == "llm_facade.audit.refusals" && p.Value == 1);
    }

    [Fact]
    public async Task RequestsRefusedBeforeAnyProvider_AreCountedWithBoundedNames()
    {
        var (rig, telemetry) = await StartAsync("lanrui");
        await using var _ = rig;
        using var anonymous = FacadeHttp.WithoutKey(rig.Facade.Address);

        using var unauthenticated = await anonymous.PostChatAsync(FacadeHttp.ChatJson(rig.Model, "Hi"));
        using var unknownModel = await rig.Facade.Http.PostChatAsync(FacadeHttp.ChatJson("made-up-model-12345", "Hi"));
        using var health = await anonymous.GetAsync("health");

        var points = telemetry.Points();
        Assert.Contains(points, p => p.Name == "llm_facade.requests" && Is(p.Tags, "route", "chat-completions") && Is(p.Tags, "caller", "none")
            && Is(p.Tags, "outcome", "rejected") && Is(p.Tags, "http.response.status_code", 401) && Is(p.Tags, "error.type", "invalid_api_key"));
        Assert.Contains(points, p => p.Name == "llm_facade.requests" && Is(p.Tags, "caller", _caller) && Is(p.Tags, "http.response.status_code", 404));
        Assert.Contains(points, p => p.Name == "llm_facade.requests" && Is(p.Tags, "route", "health") && Is(p.Tags, "outcome", "completed"));
        Assert.DoesNotContain(points, p => p.Tags.Values.Any(v => v is string s && s.Contains("made-up-model", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PrometheusEndpoint_ShowsTokenUsageByCallerAndModel_BehindAuthentication()
    {
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "true" });
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a"] });
        await env.Facade.ChatClient(LanruiEnvironment.Model).CompleteChatAsync([new UserChatMessage("Hi")]);
        using var anonymous = FacadeHttp.WithoutKey(env.Facade.Address);

        var text = await env.Facade.Http.GetStringAsync("metrics");
        using var refused = await anonymous.GetAsync("metrics");

        Assert.Contains(text.Split('\n'), line => line.StartsWith("gen_ai_client_token_usage_bucket{", StringComparison.Ordinal)
            && line.Contains($"caller=\"{FacadeHost.CallerName}\"", StringComparison.Ordinal) && line.Contains($"gen_ai_request_model=\"{LanruiEnvironment.Model}\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task PrometheusEndpoint_CanBeAnonymous_AndIsNotFoundWhenOff()
    {
        await using var on = await LanruiEnvironment.StartAsync(new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "true", ["Telemetry:Prometheus:Anonymous"] = "true" });
        await using var off = await LanruiEnvironment.StartAsync();

        using var anonymous = FacadeHttp.WithoutKey(on.Facade.Address);
        using var scraped = await anonymous.GetAsync("metrics");
        using var missing = await off.Facade.Http.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
