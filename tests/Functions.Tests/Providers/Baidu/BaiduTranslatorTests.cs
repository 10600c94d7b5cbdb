using System.Text.Json.Nodes;
using System.Text;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.Providers.Baidu;
using Functions.Core.Streaming;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.Baidu;

/// <summary>The translators on recorded transcripts (TestData/Baidu), streams fed one byte per read.</summary>
public sealed class BaiduTranslatorTests
{
    private static readonly IReadOnlySet<int> Withheld = new HashSet<int> { 3, 4 };

    private static byte[] Transcript(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Baidu", name));

    /// <summary>Reads a transcript as the provider does: data events and bare JSON lines, trickled one byte per read.</summary>
    private static async Task<List<BaiduMessage>> ReadStreamAsync(string name)
    {
        await using var reader = new SseReader(new TrickleStream(Transcript(name)), 64 * 1024);
        var messages = new List<BaiduMessage>();
        while (await reader.ReadAsync(CancellationToken.None))
            messages.Add(BaiduMessage.Parse(reader.Data, reader.Kind == SseItemKind.Event ? "a stream event" : "a stream line"));
        return messages;
    }

    [Fact]
    public async Task Stream_Normal_TranslatesDeltasUsageOfTheLastEventAndStop()
    {
        var translator = new FromBaiduChunk(Withheld);
        var updates = (await ReadStreamAsync("stream-normal.txt")).Select(m => translator.Translate(m)).ToList();

        Assert.Equal(3, updates.Count);
        Assert.Equal("北京是中国的首都。😀", string.Concat(updates.Select(u => u.Content)));
        Assert.Null(updates[0].FinishReason);
        Assert.Equal(FinishReasons.Stop, updates[^1].FinishReason);
        Assert.Equal("normal", updates[^1].RawFinishReason);
        Assert.Equal(new ChatUsage(4, 12, 16), updates[^1].Usage);
        Assert.Equal("as-rx9g6c5sqp", updates[^1].UpstreamId);
        Assert.False(updates[^1].Facts!.NeedClearHistory);
        Assert.NotNull(updates[^1].Extension);
        Assert.Null(updates[0].Extension);
    }

    [Fact]
    public async Task Stream_Flag4Midway_WithholdsLaterTextKeepsTheWorstFlagAndMapsToContentFilter()
    {
        var translator = new FromBaiduChunk(Withheld);
        var updates = (await ReadStreamAsync("stream-flag4-crlf.txt")).Select(m => translator.Translate(m)).ToList();

        Assert.Equal("第一句。", string.Concat(updates.Select(u => u.Content)));
        Assert.Equal("不该展示的内容", string.Concat(updates.Select(u => u.WithheldContent)));
        Assert.False(updates[1].HasChunk);
        Assert.Equal(4, updates[^1].Facts!.Flag);
        Assert.Equal(FinishReasons.ContentFilter, updates[^1].FinishReason);
        var baidu = Encoding.UTF8.GetString(updates[^1].Extension!.Json.Span);
        Assert.Contains("\"flag\":4", baidu);
        Assert.Contains("\"content_withheld\":true", baidu);
        Assert.Contains("\"finish_reason\":\"content_filter\"", baidu);
    }

    [Fact]
    public async Task Stream_BareJsonLine_IsReadAsAnError()
    {
        var messages = await ReadStreamAsync("stream-error-line.txt");

        Assert.False(messages[0].IsError);
        Assert.Equal(336003, messages[1].ErrorCode);
        Assert.Equal("the max length of current question is 2000", messages[1].ErrorMessage);
        var error = BaiduErrors.FromError(messages[1].ErrorCode!.Value, messages[1].ErrorMessage, [], null);
        Assert.Equal(400, error.Status);
        Assert.Equal("context_length_exceeded", error.Code.Value);
    }

    [Fact]
    public void Response_FunctionCall_BecomesOneToolCallWithAGeneratedId()
    {
        var completion = FromBaiduResponse.Translate(BaiduMessage.Parse(Transcript("response-function-call.json"), "r"), new FromBaiduChunk(Withheld), []);

        var call = Assert.Single(completion.ToolCalls!);
        Assert.StartsWith("call_", call.Id);
        Assert.Equal("paper_search", call.Name);
        Assert.Equal("{\"query\":\"ERNIE\"}", call.Arguments);
        Assert.Equal(FinishReasons.ToolCalls, completion.FinishReason);
        Assert.Equal("function_call", completion.RawFinishReason);
    }

    [Fact]
    public void Response_NeedClearHistory_IsContentFilterWithItsVerdict()
    {
        var headers = new List<KeyValuePair<string, string>>();
        var completion = FromBaiduResponse.Translate(BaiduMessage.Parse(Transcript("response-need-clear-history.json"), "r"), new FromBaiduChunk(Withheld), headers);

        Assert.Equal(FinishReasons.ContentFilter, completion.FinishReason);
        Assert.True(completion.Facts!.NeedClearHistory);
        Assert.Equal(-1, completion.Facts.BanRound);
        Assert.Contains(headers, h => h.Key == "x-baidu-need-clear-history" && h.Value == "true");
        Assert.Contains(headers, h => h.Key == "x-baidu-ban-round" && h.Value == "-1");
    }

    [Fact]
    public void Response_Flag3_IsWithheldFromTheClientAndKeptForTheAudit()
    {
        var completion = FromBaiduResponse.Translate(BaiduMessage.Parse(Transcript("response-flag3.json"), "r"), new FromBaiduChunk(Withheld), []);

        Assert.Equal("", completion.Content);
        Assert.Equal("不能上屏的回答", completion.WithheldContent);
        Assert.Equal(FinishReasons.ContentFilter, completion.FinishReason);
        Assert.Equal(3, completion.Facts!.Flag);
    }

    [Theory]
    [InlineData(0, FinishReasons.Stop, false)]
    [InlineData(1, FinishReasons.Stop, false)]
    [InlineData(2, FinishReasons.ContentFilter, false)]
    [InlineData(3, FinishReasons.ContentFilter, true)]
    [InlineData(4, FinishReasons.ContentFilter, true)]
    [InlineData(7, FinishReasons.ContentFilter, true)]
    public void Flag_MapsAndWithholdsUnknownValuesToo(int flag, string finish, bool withheld)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"id":"as-1","result":"text","flag":{{flag}},"finish_reason":"normal"}""");

        var completion = FromBaiduResponse.Translate(BaiduMessage.Parse(json, "r"), new FromBaiduChunk(Withheld), []);

        Assert.Equal(finish, completion.FinishReason);
        Assert.Equal(withheld ? "" : "text", completion.Content);
    }

    [Theory]
    [InlineData("""{"result":"x","finish_reason":"length"}""", FinishReasons.Length)]
    [InlineData("""{"result":"x","is_truncated":true,"finish_reason":"normal"}""", FinishReasons.Length)]
    [InlineData("""{"result":"x","finish_reason":"stop"}""", FinishReasons.Stop)]
    [InlineData("""{"result":"x","finish_reason":"content_filter"}""", FinishReasons.ContentFilter)]
    [InlineData("""{"result":"x"}""", FinishReasons.Stop)]
    public void FinishReason_IsAlwaysAnOpenAIValue(string json, string expected) =>
        Assert.Equal(expected, FromBaiduResponse.Translate(BaiduMessage.Parse(Encoding.UTF8.GetBytes(json), "r"), new FromBaiduChunk(Withheld), []).FinishReason);

    [Fact]
    public void Error_DocVariantWithCodeAndMsg_IsReadAsARateLimit()
    {
        var message = BaiduMessage.Parse(Transcript("error-rate-limit-doc-variant.json"), "r");

        Assert.Equal(336501, message.ErrorCode);
        Assert.Equal(429, BaiduErrors.FromError(message.ErrorCode!.Value, message.ErrorMessage, [], null).Status);
    }

    [Fact]
    public void ErrorMessage_NeverCarriesTheAccessToken()
    {
        var error = BaiduErrors.FromError(336000, "bad token 24.secret-token here", [], "24.secret-token");

        Assert.DoesNotContain("24.secret-token", error.Message);
    }

    [Fact]
    public void NotJson_IsAProtocolError()
    {
        var error = Assert.Throws<FacadeException>(() => BaiduMessage.Parse("<html>"u8.ToArray(), "the response"));

        Assert.Equal(502, error.Status);
        Assert.Equal("upstream_protocol_error", error.Code.Value);
    }

    [Fact]
    public void WithResultBlanked_KeepsEveryOtherFieldAsBaiduSentIt()
    {
        var json = """{"id":"as-1","result":"不能上屏","flag":3,"need_clear_history":false,"usage":{"total_tokens":3}}"""u8.ToArray();

        var blanked = JsonNode.Parse(FromBaiduChunk.WithResultBlanked(json))!;

        Assert.Equal("", blanked["result"]!.GetValue<string>());
        Assert.Equal(3, blanked["flag"]!.GetValue<int>());
        Assert.Equal("as-1", blanked["id"]!.GetValue<string>());
        Assert.Equal(3, blanked["usage"]!["total_tokens"]!.GetValue<int>());
    }
}
