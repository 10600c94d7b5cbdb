using System.Text;
using Functions.Core.Providers.MindIE;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Testing;

namespace Functions.Tests.Providers.MindIE;

/// <summary>Recorded MindIE streams fed one byte per read through <see cref="MindIEStreamReader"/>.</summary>
public sealed class MindIEStreamReaderTests
{
    internal static byte[] Transcript(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "MindIE", name));

    private static async Task<(List<MindIEStreamItem> Items, FakeLogger Log)> ReadAllAsync(string name, bool keepRaw = false)
    {
        var log = new FakeLogger();
        await using var reader = new MindIEStreamReader(new TrickleStream(Transcript(name)), 64 * 1024, keepRaw, "req-7", log);
        var items = new List<MindIEStreamItem>();
        while (await reader.ReadAsync(CancellationToken.None) is { } item) items.Add(item);
        return (items, log);
    }

    [Fact]
    public async Task Stream_DropsTheRepeatedRoleAndKeepsUsageOnTheLastContentEvent()
    {
        var (items, _) = await ReadAllAsync("stream-basic.sse");

        var updates = items.Where(i => i.Update is not null).Select(i => i.Update!).ToList();
        Assert.False(updates[0].HasChunk); // MindIE's role-only opening event
        Assert.Equal(["你好", "，世界 😀", "！"], updates.Skip(1).Select(u => u.Content));
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.Usage));
        var last = updates[^1];
        Assert.Equal("stop", last.FinishReason);
        Assert.Equal(new Functions.Core.Chat.ChatUsage(12, 3, 15), last.Usage);
        Assert.All(updates, u => Assert.Equal("0197a3c2e5f04d6f9b1c2d3e4f5a6b7c", u.UpstreamId));
        Assert.True(items[^1].Done);
        Assert.All(items, i => Assert.Null(i.Error));
    }

    [Theory]
    [InlineData("stream-basic.sse")]
    [InlineData("stream-tool-calls.sse")]
    [InlineData("stream-raw-text-error.sse")]
    [InlineData("stream-raw-json-error.sse")]
    [InlineData("stream-no-done.sse")]
    public async Task Stream_KeepingRawBytes_HandsOnEveryByteUnchanged(string name)
    {
        var (items, _) = await ReadAllAsync(name, keepRaw: true);

        var raw = items.SelectMany(i => i.Raw.ToArray()).ToArray();
        Assert.Equal(Transcript(name), raw);
    }

    [Fact]
    public async Task Stream_WithFullText_KeepsItAsTheFinalTextFactWithoutWarning()
    {
        var (items, log) = await ReadAllAsync("stream-full-text.sse");

        Assert.Equal("你好！", items.Last(i => i.Update is not null).Update!.Facts!.FullText);
        Assert.Empty(log.Collector.GetSnapshot());
    }

    [Fact]
    public async Task Stream_WhenFullTextDiffersFromTheDeltas_LogsTheMismatchWithTheRequestIdButNotTheText()
    {
        var (items, log) = await ReadAllAsync("stream-full-text-mismatch.sse");

        Assert.Equal("你好！我是", items.Last(i => i.Update is not null).Update!.Facts!.FullText);
        var entry = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal(4001, entry.Id.Id);
        Assert.Contains("req-7", entry.Message);
        Assert.DoesNotContain("你好", entry.Message);
    }

    [Fact]
    public async Task Stream_WithTimingsInsideUsage_CapturesThemAsFactsAndTheMindIEObject()
    {
        var (items, _) = await ReadAllAsync("stream-benchmark-in-usage.sse");

        var last = items.Last(i => i.Update is not null).Update!;
        Assert.Equal("length", last.FinishReason);
        Assert.Equal(35.5, last.Facts!.PrefillTimeMs);
        Assert.Equal([21, 20.5], last.Facts.DecodeTimesMs!);
        Assert.Equal("mindie", last.Extension!.PropertyName);
        Assert.Equal("""{"prefill_time":35.5,"decode_time_arr":[21,20.5]}""", Encoding.UTF8.GetString(last.Extension.Json.Span));
    }

    [Fact]
    public async Task Stream_TranslatesToolCallDeltas()
    {
        var (items, _) = await ReadAllAsync("stream-tool-calls.sse");

        var calls = items.Where(i => i.Update?.ToolCalls is not null).SelectMany(i => i.Update!.ToolCalls!).ToList();
        Assert.Equal("call_5f2a", calls[0].Id);
        Assert.Equal("get_weather", calls[0].Name);
        Assert.Equal("{\"city\":\"北京\"}", string.Concat(calls.Select(c => c.Arguments)));
        Assert.Equal("tool_calls", items.Last(i => i.Update is not null).Update!.FinishReason);
    }

    [Theory]
    [InlineData("stream-raw-text-error.sse", "upstream_error", "Engine callback timeout", "raw-text")]
    [InlineData("stream-raw-json-error.sse", "upstream_error", "Failed to get engine response.", "Incomplete Generation")]
    public async Task Stream_WhenMindIEWritesARawErrorMidStream_EndsWithThatError(string name, string code, string message, string upstreamCode)
    {
        var (items, _) = await ReadAllAsync(name);

        Assert.Equal("你好", items.Single(i => i.Update?.Content is not null).Update!.Content);
        var error = items[^1].Error;
        Assert.NotNull(error);
        Assert.Equal(code, error!.Code.Value);
        Assert.Contains(message, error.Message);
        Assert.Equal(upstreamCode, error.UpstreamCode);
        Assert.DoesNotContain(items, i => i.Done);
    }

    [Fact]
    public async Task Stream_EndingWithoutDone_IsAnUpstreamProtocolError()
    {
        var (items, _) = await ReadAllAsync("stream-no-done.sse");

        Assert.Equal("stop", items.Last(i => i.Update is not null).Update!.FinishReason);
        Assert.Equal("upstream_protocol_error", items[^1].Error!.Code.Value);
        Assert.Contains("[DONE]", items[^1].Error!.Message);
    }
}
