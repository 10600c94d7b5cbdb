using System.CommandLine;
using System.Net;
using Emulators.Baidu;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Functions.Tests.Audit;

/// <summary>Baidu's safety verdicts reach the audit trail through the whole facade, and reviewers find them with the CLI.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditBaiduThroughFacadeTests(AzuriteFixture azurite)
{
    private const string OtherKey = "sk-other-caller";
    private readonly string _table = AzuriteFixture.NewTableName("Audit");

    private Task<BaiduEnvironment> StartAsync() => BaiduEnvironment.StartAsync(new Dictionary<string, string?>
    {
        ["Audit:ConnectionString"] = azurite.ConnectionString,
        ["Audit:TableName"] = _table,
        ["Audit:WriteTimeout"] = "00:00:15",
        ["Callers:1:Name"] = "other-app",
        ["Callers:1:KeySha256"] = FacadeHost.Sha256(OtherKey),
    });

    [Fact]
    public async Task StreamedCallWithFlag2_IsOneRecordWithTheVerdictsAndTheLastEventsUsage()
    {
        await using var env = await StartAsync();
        env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(2, 1, "一", "二", "三"));
        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "你好", stream: true, includeUsage: true));
        var events = FacadeHttp.DataEvents(await response.Content.ReadAsStringAsync());

        var record = await AuditThroughFacadeTests.RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal("[DONE]", events[^1]);
        var summary = record.Summary;
        Assert.Equal(("completed", 200, true), (summary.Outcome, summary.Status, summary.Stream));
        Assert.Equal((2, true), (summary.Flag, summary.Flagged));
        Assert.Equal("content_filter", summary.FinishReason);
        // Baidu repeats usage on every event; the last event's counts are the call's, never a sum.
        Assert.Equal(3, summary.CompletionTokens);
        Assert.Equal(summary.PromptTokens + 3, summary.TotalTokens);
        Assert.Equal("一二三", record.ResponseText);
        Assert.Equal("baidu", summary.Provider);
        Assert.DoesNotContain("access_token", record.PromptSent ?? "");
    }

    [Fact]
    public async Task WithheldContent_IsKeptInTheAuditWhileTheClientSeesNone()
    {
        await using var env = await StartAsync();
        env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(4, 0, "不可", "展示"));

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "你好"));
        var body = await response.Content.ReadAsStringAsync();
        var record = await AuditThroughFacadeTests.RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.DoesNotContain("不可", body);
        Assert.Equal("不可展示", record.ResponseText);
        Assert.Equal((4, "content_filter"), (record.Summary.Flag, record.Summary.FinishReason));
    }

    [Fact]
    public async Task CliQueryForFlaggedCallsOfOneCaller_ListsExactlyThose()
    {
        await using var env = await StartAsync();
        var mine = env.Facade.ChatClient(BaiduEnvironment.Model);
        var other = env.Facade.ChatClient(BaiduEnvironment.Model, OtherKey);
        env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(1, 0, "flagged"));
        ChatCompletion flagged = await mine.CompleteChatAsync([new UserChatMessage("a")]);
        ChatCompletion clean = await mine.CompleteChatAsync([new UserChatMessage("b")]);
        env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(2, 0, "flagged too"));
        ChatCompletion othersFlagged = await other.CompleteChatAsync([new UserChatMessage("c")]);
        await env.Facade.Services.GetRequiredService<Functions.Core.Audit.AuditCompletionWriter>().DrainAsync();

        var output = new StringWriter();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var exit = await global::AuditCli.AuditCommandLine.Create()
            .Parse(["query", "--from", today, "--to", today, "--caller", FacadeHost.CallerName, "--flagged",
                "--connection-string", azurite.ConnectionString, "--table-name", _table])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains(Id(flagged), text);
        Assert.DoesNotContain(Id(clean), text);
        Assert.DoesNotContain(Id(othersFlagged), text);
    }

    [Theory]
    [InlineData("error-line")]
    [InlineData("no-is-end")]
    public async Task PassThroughStream_ThatFailsMidway_IsRecordedAsTheUpstreamErrorItWas(string failure)
    {
        await using var env = await StartAsync();
        env.Emulator.NextScenarios.Enqueue(failure == "error-line"
            ? BaiduScenario.ErrorLineAfter(1, 336000, "一", "二")
            : new Emulators.Scenario { Chunks = ["一", "二"], OmitDone = true });

        using var response = await Functions.Tests.Providers.Baidu.BaiduTestHelpers.PostAsync(env.Facade.Http, $"baidu/chat/{BaiduEnvironment.Target}",
            """{"messages":[{"role":"user","content":"你好"}],"stream":true}""");
        var body = await response.Content.ReadAsStringAsync();
        var record = await AuditThroughFacadeTests.RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("upstream_error", 200, "native"), (record.Summary.Outcome, record.Summary.Status, record.Summary.Route));
        if (failure == "error-line")
        {
            // Baidu's own error line reached the caller as Baidu wrote it.
            Assert.Contains("\"error_code\":336000", body);
            Assert.StartsWith("upstream_error (336000)", record.ErrorCode);
        }
        else
        {
            Assert.Equal("upstream_protocol_error", record.ErrorCode);
            // The facade's finding ends the stream in Baidu's own words, not in a reset connection.
            Assert.Contains("\"error_code\":336000", body);
            Assert.Contains("\"facade_error\":\"upstream_protocol_error\"", body);
        }
    }

    private static string Id(ChatCompletion completion) => completion.Id["chatcmpl-".Length..];
}
