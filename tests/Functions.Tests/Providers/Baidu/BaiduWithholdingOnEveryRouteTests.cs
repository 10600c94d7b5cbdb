using System.Text;
using System.Text.Json.Nodes;
using Emulators.Baidu;
using Functions.Tests.Audit;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.Baidu;

/// <summary>
/// Text Baidu marks "must not be shown" (flag 3) or "retract" (flag 4) is withheld on every route alike: the client
/// of <c>/v1/chat/completions</c> and the caller of <c>/baidu/chat/{endpoint}</c> see the same text and the same
/// verdict, and the audit keeps the whole answer on both.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BaiduWithholdingOnEveryRouteTests(AzuriteFixture azurite)
{
    private const string PassThroughPath = $"baidu/chat/{BaiduEnvironment.Target}";

    private Task<BaiduEnvironment> StartAsync(bool withholdOnPassThrough = true) => BaiduEnvironment.StartAsync(new Dictionary<string, string?>
    {
        ["Audit:ConnectionString"] = azurite.ConnectionString,
        ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
        ["Audit:WriteTimeout"] = "00:00:15",
        ["Providers:Baidu:WithholdOnPassThrough"] = withholdOnPassThrough ? "true" : "false",
    });

    /// <summary>What the client can read on a route: the text, the flag it was told, the raw body, the request id.</summary>
    private static async Task<(string Text, int Flag, string Body, string RequestId)> CallAsync(BaiduEnvironment env, bool passThrough, bool stream)
    {
        using var response = passThrough
            ? await BaiduTestHelpers.PostAsync(env.Facade.Http, PassThroughPath, $$"""{"messages":[{"role":"user","content":"你好"}],"stream":{{(stream ? "true" : "false")}}}""")
            : await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "你好", stream));
        var body = await response.Content.ReadAsStringAsync();
        var requestId = response.Headers.GetValues("x-request-id").Single();
        var jsons = stream ? FacadeHttp.DataEvents(body).Where(e => e != "[DONE]").Select(e => JsonNode.Parse(e)!).ToList() : [JsonNode.Parse(body)!];
        if (passThrough)
            return (string.Concat(jsons.Select(j => j["result"]?.GetValue<string>())), jsons.Max(j => j["flag"]?.GetValue<int>() ?? 0), body, requestId);
        var text = stream
            ? string.Concat(jsons.Select(j => j["choices"]?[0]?["delta"]?["content"]?.GetValue<string>()))
            : jsons[0]["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        return (text, BaiduTestHelpers.BaiduObject(jsons.Select(j => j.ToJsonString()))["flag"]!.GetValue<int>(), body, requestId);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(4, false)]
    public async Task WithheldText_IsHiddenTheSameWayOnBothRoutes_AndKeptInTheAudit(int flag, bool stream)
    {
        await using var env = await StartAsync();
        var seen = new Dictionary<bool, (string Text, int Flag, string Body, string RequestId)>();
        foreach (var passThrough in new[] { false, true })
        {
            env.Emulator.NextScenarios.Enqueue(stream ? BaiduScenario.Flag(flag, 1, "可以", "禁止", "上屏") : BaiduScenario.Flag(flag, 0, "禁止上屏"));
            seen[passThrough] = await CallAsync(env, passThrough, stream);
        }

        Assert.Equal(stream ? "可以" : "", seen[false].Text);
        Assert.Equal(seen[false].Text, seen[true].Text);
        Assert.Equal((flag, flag), (seen[false].Flag, seen[true].Flag));
        foreach (var (passThrough, call) in seen)
        {
            Assert.DoesNotContain("禁止", call.Body);
            var record = await AuditThroughFacadeTests.RecordAsync(env.Facade, call.RequestId);
            Assert.Equal(stream ? "可以禁止上屏" : "禁止上屏", record.ResponseText);
            Assert.Equal(flag, record.Summary.Flag);
            Assert.Equal(passThrough ? "native" : "unified", record.Summary.Route);
        }
    }

    [Fact]
    public async Task PassThrough_WithWithholdingTurnedOff_HandsOnBaidusBytesUnchanged()
    {
        await using var env = await StartAsync(withholdOnPassThrough: false);
        env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(3, 1, "可以", "禁止", "上屏"));

        var call = await CallAsync(env, passThrough: true, stream: true);

        Assert.Equal("可以禁止上屏", call.Text);
        Assert.Equal(Encoding.UTF8.GetString(env.Emulator.LastResponseBytes), call.Body);
    }
}
