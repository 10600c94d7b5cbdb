using System.Text;
using Functions.Core.Chat;
using Functions.Core.Providers.MindIE;

namespace Functions.Tests.Providers.MindIE;

/// <summary>Recorded MindIE <c>chat.completion</c> bodies through <see cref="FromMindIEResponse"/>.</summary>
public sealed class FromMindIEResponseTests
{
    private static ChatUpdate Translate(string name) => FromMindIEResponse.Translate(MindIEStreamReaderTests.Transcript(name));

    [Fact]
    public void Response_WithEmptyToolCalls_IsPlainText()
    {
        var completion = Translate("response-basic.json");

        Assert.Equal("你好！", completion.Content);
        Assert.Null(completion.ToolCalls);
        Assert.Equal("stop", completion.FinishReason);
        Assert.Equal(new ChatUsage(12, 3, 15), completion.Usage);
        Assert.Equal("0197a3c2e5f04d6f9b1c2d3e4f5a6b7c", completion.UpstreamId);
        Assert.Null(completion.Facts);
        Assert.Null(completion.Extension);
    }

    // The server code writes the timings at the top level, the user's MindIE document inside usage.
    [Theory]
    [InlineData("response-benchmark.json")]
    [InlineData("response-benchmark-in-usage.json")]
    public void Response_WithTimingsAtTheTopOrInsideUsage_CapturesThemBoth(string name)
    {
        var completion = Translate(name);

        Assert.Equal(35, completion.Facts!.PrefillTimeMs);
        Assert.Equal([21, 20], completion.Facts.DecodeTimesMs!);
        Assert.Equal("""{"prefill_time":35,"decode_time_arr":[21,20]}""", Encoding.UTF8.GetString(completion.Extension!.Json.Span));
        Assert.Equal(new ChatUsage(12, 3, 15), completion.Usage);
    }

    [Fact]
    public void Response_WithToolCalls_TranslatesThem()
    {
        var completion = Translate("response-tool-calls.json");

        var call = Assert.Single(completion.ToolCalls!);
        Assert.Equal(new ToolCallUpdate(0, "call_5f2a", "get_weather", "{\"city\":\"北京\"}"), call);
        Assert.Equal("tool_calls", completion.FinishReason);
    }

    [Fact]
    public void Response_ThatIsNotJson_IsAnUpstreamProtocolError()
    {
        var error = Assert.Throws<Functions.Core.Errors.FacadeException>(() => FromMindIEResponse.Translate("Failed to get engine response"u8.ToArray()));

        Assert.Equal(502, error.Status);
        Assert.Equal("upstream_protocol_error", error.Code.Value);
    }
}
