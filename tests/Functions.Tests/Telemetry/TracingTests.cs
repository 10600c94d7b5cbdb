using System.Diagnostics;
using Emulators;
using Emulators.Baidu;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Telemetry;

/// <summary>One span per call with a child per upstream request; nothing secret or private in any span or metric.</summary>
public sealed class TracingTests
{
    private const string CanaryPrompt = "prompt-canary-5d41402abc4b2a76";

    [Fact]
    public async Task ACall_IsOneServerSpanWithItsRequestId_AndAChildSpanPerUpstreamRequest()
    {
        var (configure, metrics, spans) = TelemetryRig.Exporters();
        await using var env = await BaiduEnvironment.StartAsync(configure: configure);
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["ok"] });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "Hi"));
        new TelemetryRig(metrics, spans, env.Facade.Services).Points();

        var requestId = response.Headers.GetValues("x-request-id").Single();
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("facade.request_id"), requestId));
        Assert.Equal("chat-completions", server.GetTagItem("route"));
        var upstream = spans.Where(s => s.Kind == ActivityKind.Client && s.TraceId == server.TraceId).ToList();
        Assert.Contains(upstream, s => s.ParentSpanId == server.SpanId && ((string?)s.GetTagItem("url.full"))?.Contains("/wenxinworkshop/chat/", StringComparison.Ordinal) == true);
        // The span stays ours: no trace context goes to a provider we do not control.
        Assert.DoesNotContain(env.Emulator.Requests, r => r.Headers.Keys.Any(k => k.Equals("traceparent", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task NoSpanOrMetric_CarriesASecretAPromptOrAnAccessToken()
    {
        var (configure, metrics, spans) = TelemetryRig.Exporters();
        await using var env = await BaiduEnvironment.StartAsync(configure: configure);
        env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(1, 0, "answer"));
        await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, CanaryPrompt, stream: true));
        // A caller's own access_token in the query string of a pass-through call is dropped, and never recorded.
        await Functions.Tests.Providers.Baidu.BaiduTestHelpers.PostAsync(env.Facade.Http, $"baidu/chat/{BaiduEnvironment.Target}?access_token=caller-token-canary",
            $$"""{"messages":[{"role":"user","content":"{{CanaryPrompt}}"}]}""");
        var points = new TelemetryRig(metrics, spans, env.Facade.Services).Points();

        var recorded = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName))
            .Concat(points.SelectMany(p => p.Tags.Select(t => $"{t.Key}={t.Value}").Append(p.Name))).ToList();
        Assert.NotEmpty(env.Emulator.IssuedTokens);
        string[] forbidden = [CanaryPrompt, "caller-token-canary", BaiduEmulator.DefaultApiKey, BaiduEmulator.DefaultSecretKey, FacadeHost.CallerKey, .. env.Emulator.IssuedTokens];
        foreach (var secret in forbidden) Assert.DoesNotContain(recorded, r => r.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(recorded, r => r.StartsWith("url.full=", StringComparison.Ordinal) && r.Contains("/oauth/2.0/token?redacted", StringComparison.Ordinal));
    }
}
