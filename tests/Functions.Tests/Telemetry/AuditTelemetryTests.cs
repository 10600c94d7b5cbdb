using System.Diagnostics;
using System.Net;
using Functions.Core.Audit;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Functions.Tests.Telemetry;

/// <summary>The audit's own telemetry: the record write as a span and a histogram, the store's backlog as gauges.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditTelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AnAuditedCall_HasAnAuditWriteSpanUnderItsRequest_AndTheStoreReportsItsBacklog()
    {
        var (configure, metrics, spans) = TelemetryRig.Exporters();
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
            ["Audit:WriteTimeout"] = "00:00:15",
        }, configure: configure);
        var telemetry = new TelemetryRig(metrics, spans, env.Facade.Services);

        // The first call waits for the table to be created: that request is in its trace, under its audit write.
        using var first = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));
        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi again"));
        await env.Facade.Services.GetRequiredService<AuditCompletionWriter>().DrainAsync();
        var points = telemetry.Points();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("facade.request_id"), requestId));
        var write = Assert.Single(spans, s => s.OperationName == "audit.write" && s.TraceId == server.TraceId);
        Assert.Equal(server.SpanId, write.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, write.Status);
        // The storage requests are made by the group committer for many calls at once: they join no caller's trace.
        var storage = spans.Where(s => s.Kind == ActivityKind.Client && ((string?)s.GetTagItem("url.full"))?.Contains($":{azurite.Instance.Port}/", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(storage);
        Assert.DoesNotContain(storage, s => s.TraceId == server.TraceId);
        Assert.Contains(points, p => p.Name == "llm_facade.audit.write.duration" && Equals(p.Tags.GetValueOrDefault("result"), "written") && p.Value >= 1);
        Assert.Contains(points, p => p.Name == "llm_facade.audit.queue_depth");
        Assert.Contains(points, p => p.Name == "llm_facade.audit.pending_completions" && p.Value == 0);
        Assert.Contains(points, p => p.Name == "llm_facade.audit.operations_per_request" && p.Value >= 1);
        Assert.Contains(points, p => p.Name == "llm_facade.audit.refusals" && p.Value == 0);
        Assert.Contains(points, p => p.Name == "llm_facade.audit.lost_outcomes" && p.Value == 0);
    }
}
