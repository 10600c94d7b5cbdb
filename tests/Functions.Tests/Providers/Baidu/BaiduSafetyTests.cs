using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;
using Emulators;
using Emulators.Baidu;
using Functions.Core.Chat;
using Functions.Core.OpenAI;
using Functions.Core.Providers.Baidu;
using Functions.Core.Routing;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Functions.Tests.Providers.Baidu;

/// <summary>Baidu's verdicts: the finish reason, the <c>baidu</c> object, headers, and content kept from the client but not from the audit.</summary>
public sealed class BaiduSafetyTests : IAsyncLifetime
{
    private BaiduEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await BaiduEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Theory]
    [InlineData(1, "stop", false)]
    [InlineData(2, "content_filter", false)]
    [InlineData(3, "content_filter", true)]
    [InlineData(4, "content_filter", true)]
    public async Task NonStream_Flag_MapsFinishReasonAndWithholdsFlags3And4(int flag, string finish, bool withheld)
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(flag, 0, "敏感", "内容"));
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        ClientResult<OpenAI.Chat.ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal(finish == "stop" ? ChatFinishReason.Stop : ChatFinishReason.ContentFilter, result.Value.FinishReason);
        var text = result.Value.Content.Count == 0 ? "" : result.Value.Content[0].Text;
        Assert.Equal(withheld ? "" : "敏感内容", text);
        var raw = result.GetRawResponse();
        var baidu = JsonNode.Parse(raw.Content.ToString())!["baidu"]!;
        Assert.Equal(flag, baidu["flag"]!.GetValue<int>());
        Assert.Equal(withheld, baidu["content_withheld"]!.GetValue<bool>());
        Assert.True(raw.Headers.TryGetValue("x-baidu-flag", out var header));
        Assert.Equal(flag.ToString(), header);
        if (withheld) Assert.DoesNotContain("敏感", raw.Content.ToString());
    }

    [Fact]
    public async Task NonStream_NeedClearHistory_IsContentFilterWithBanRound()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.NeedClearHistory());

        using var response = await _env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "Hi"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("content_filter", body["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.True(body["baidu"]!["need_clear_history"]!.GetValue<bool>());
        Assert.Equal(-1, body["baidu"]!["ban_round"]!.GetValue<int>());
        Assert.Equal("true", BaiduTestHelpers.Header(response, "x-baidu-need-clear-history"));
        Assert.Equal("-1", BaiduTestHelpers.Header(response, "x-baidu-ban-round"));
    }

    [Fact]
    public async Task Stream_NeedClearHistory_IsContentFilterAndKnownInTheHeaders()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.NeedClearHistory());

        var (response, events, _) = await BaiduTestHelpers.StreamRawAsync(_env);

        Assert.Equal("true", BaiduTestHelpers.Header(response, "x-baidu-need-clear-history"));
        Assert.Equal("[DONE]", events[^1]);
        var final = JsonNode.Parse(events[^2])!;
        Assert.Equal("content_filter", final["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.True(final["baidu"]!["need_clear_history"]!.GetValue<bool>());
        Assert.Equal(-1, final["baidu"]!["ban_round"]!.GetValue<int>());
    }

    [Fact]
    public async Task NonStream_FinishReasonContentFilter_IsContentFilter()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["***"], FinishReason = "content_filter" });
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        OpenAI.Chat.ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal(ChatFinishReason.ContentFilter, completion.FinishReason);
        Assert.Equal("***", completion.Content[0].Text);
    }

    [Fact]
    public async Task Stream_FinishReasonContentFilter_IsContentFilter()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["***"], FinishReason = "content_filter" });
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")])) finish ??= update.FinishReason;

        Assert.Equal(ChatFinishReason.ContentFilter, finish);
    }

    [Fact]
    public async Task Truncated_IsLength()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Truncated("cut"));
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        OpenAI.Chat.ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
    }

    [Theory]
    [InlineData(1, "stop")]
    [InlineData(2, "content_filter")]
    [InlineData(3, "content_filter")]
    [InlineData(4, "content_filter")]
    public async Task Stream_Flag_FromTheFirstEvent_MapsAndWithholdsWithTheOfficialClient(int flag, string finish)
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(flag, 0, "敏感", "内容"));
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        var text = new StringBuilder();
        ChatFinishReason? reason = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            reason ??= update.FinishReason;
        }

        Assert.Equal(finish == "stop" ? ChatFinishReason.Stop : ChatFinishReason.ContentFilter, reason);
        Assert.Equal(flag >= 3 ? "" : "敏感内容", text.ToString());
    }

    [Fact]
    public async Task Stream_Flag4AfterTextWasRelayed_StopsRelayingAndTheFinalChunkTellsTheClientToRetract()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(4, 2, "one ", "two ", "secret"));

        var (response, events, body) = await BaiduTestHelpers.StreamRawAsync(_env);

        Assert.Equal("0", BaiduTestHelpers.Header(response, "x-baidu-flag"));
        Assert.Contains("one ", body);
        Assert.Contains("two ", body);
        Assert.DoesNotContain("secret", body);
        var final = JsonNode.Parse(events[^2])!;
        Assert.Equal("content_filter", final["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(4, final["baidu"]!["flag"]!.GetValue<int>());
        Assert.True(final["baidu"]!["content_withheld"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Stream_TheOfficialClient_CanReadTheBaiduObjectFromTheFinalChunk()
    {
        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(4, 1, "shown ", "retracted"));
        var client = _env.Facade.ChatClient(BaiduEnvironment.Model);

        string? baidu = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            // Unknown properties land in the update's JSON patch (marked experimental in the SDK).
#pragma warning disable SCME0001
            if (update.FinishReason is not null && update.Patch.TryGetJson("$.baidu"u8, out var json)) baidu = Encoding.UTF8.GetString(json.Span);
#pragma warning restore SCME0001
        }

        Assert.NotNull(baidu);
        Assert.Equal(4, JsonNode.Parse(baidu!)!["flag"]!.GetValue<int>());
        Assert.True(JsonNode.Parse(baidu!)!["content_withheld"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WithheldFlags_AreConfigurable()
    {
        await using var env = await BaiduEnvironment.StartAsync(new Dictionary<string, string?> { ["Providers:Baidu:WithheldFlags"] = "2,3,4" });
        env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(2, 0, "shown?"));

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(BaiduEnvironment.Model, "Hi"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("", body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.True(body["baidu"]!["content_withheld"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WithheldContent_IsKeptForTheAudit_InFactsAndUpdates()
    {
        var provider = _env.Facade.Services.GetRequiredService<BaiduProvider>();
        ChatCall Call(bool stream) => new()
        {
            RequestId = "r1",
            Caller = new Functions.Core.Callers.Caller("t", "api-key"),
            Route = new ModelRoute(BaiduEnvironment.Model, "baidu", BaiduEnvironment.Target),
            Request = new ChatCompletionRequest { Model = BaiduEnvironment.Model, Stream = stream, Messages = [new() { Role = "user", Content = System.Text.Json.JsonDocument.Parse("\"Hi\"").RootElement }] },
            RawBody = Array.Empty<byte>(),
            Created = 1,
        };

        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(3, 0, "禁止", "上屏"));
        var completion = Assert.Single(await ProviderCalls.RunAsync(provider, Call(stream: false)));

        Assert.Equal("", completion.Content);
        Assert.Equal("禁止上屏", completion.WithheldContent);
        Assert.Equal(3, completion.Facts!.Flag);
        Assert.Equal("normal", completion.RawFinishReason);
        Assert.StartsWith("as-", completion.UpstreamId);
        Assert.NotNull(completion.Usage);

        _env.Emulator.NextScenarios.Enqueue(BaiduScenario.Flag(3, 1, "可以", "禁止", "上屏"));
        var updates = await ProviderCalls.RunAsync(provider, Call(stream: true));

        Assert.Equal("可以", string.Concat(updates.Select(u => u.Content)));
        Assert.Equal("禁止上屏", string.Concat(updates.Select(u => u.WithheldContent)));
        Assert.Equal(3, updates[^1].Facts!.Flag);
        Assert.Equal(FinishReasons.ContentFilter, updates[^1].FinishReason);
        Assert.Equal("normal", updates[^1].RawFinishReason);
        Assert.All(updates, u => Assert.StartsWith("as-", u.UpstreamId));
    }
}
