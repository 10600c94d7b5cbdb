using System.Text;
using Functions.Core.Streaming;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Streaming;

public sealed class SseReaderTests
{
    private static async Task<List<(SseItemKind Kind, string? Event, string Data)>> ReadAllAsync(string text, int chunk = 1, int max = 1 << 20)
    {
        var items = new List<(SseItemKind, string?, string)>();
        await using var reader = new SseReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), max);
        while (await reader.ReadAsync(CancellationToken.None))
            items.Add((reader.Kind, reader.EventType, Encoding.UTF8.GetString(reader.Data.Span)));
        return items;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Events_FedInAnyChunkSize_AreParsedTheSame(int chunk)
    {
        var text = "data: {\"a\":1}\n\n: keep-alive\n\nevent: update\ndata: 你好\ndata: 😀\n\ndata: [DONE]\n\n";

        var items = await ReadAllAsync(text, chunk);

        Assert.Equal(3, items.Count);
        Assert.Equal((SseItemKind.Event, null, "{\"a\":1}"), items[0]);
        Assert.Equal((SseItemKind.Event, "update", "你好\n😀"), items[1]);
        Assert.Equal((SseItemKind.Event, null, "[DONE]"), items[2]);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public async Task LineEndings_CrLfCrAndLf_AreAllAccepted(string eol)
    {
        var text = $"data: one{eol}{eol}data: two{eol}{eol}";

        var items = await ReadAllAsync(text);

        Assert.Equal(["one", "two"], items.Select(i => i.Data));
    }

    [Fact]
    public async Task BareJsonLine_IsReportedNotSkipped()
    {
        var text = "data: {\"x\":1}\n\n{\"error_code\":336100,\"error_msg\":\"busy\"}\n";

        var items = await ReadAllAsync(text);

        Assert.Equal(2, items.Count);
        Assert.Equal(SseItemKind.BareLine, items[1].Kind);
        Assert.Equal("{\"error_code\":336100,\"error_msg\":\"busy\"}", items[1].Data);
    }

    [Fact]
    public async Task RawTextLine_IsReported()
    {
        var items = await ReadAllAsync("data: a\n\nError: engine crashed\n");

        Assert.Equal((SseItemKind.BareLine, null, "Error: engine crashed"), items[1]);
    }

    [Fact]
    public async Task LastEventWithoutBlankLine_IsStillDelivered()
    {
        var items = await ReadAllAsync("data: a\n\ndata: [DONE]");

        Assert.Equal(["a", "[DONE]"], items.Select(i => i.Data));
    }

    [Fact]
    public async Task IdAndRetryFields_AreIgnored()
    {
        var items = await ReadAllAsync("id: 7\nretry: 100\ndata: x\n\n");

        Assert.Equal((SseItemKind.Event, null, "x"), Assert.Single(items));
    }

    [Fact]
    public async Task DataWithoutSpaceAfterColon_IsKeptWhole()
    {
        var items = await ReadAllAsync("data:x y\n\ndata:  two spaces\n\n");

        Assert.Equal(["x y", " two spaces"], items.Select(i => i.Data));
    }

    [Fact]
    public async Task EventLargerThanTheCap_Throws()
    {
        var text = "data: " + new string('x', 5000) + "\n\n";

        await Assert.ThrowsAsync<SseEventTooLargeException>(() => ReadAllAsync(text, chunk: 512, max: 4096));
    }

    [Fact]
    public async Task ManySmallDataLinesPastTheCap_Throw()
    {
        var text = string.Concat(Enumerable.Repeat("data: " + new string('y', 100) + "\n", 50)) + "\n";

        await Assert.ThrowsAsync<SseEventTooLargeException>(() => ReadAllAsync(text, chunk: 64, max: 2048));
    }

    [Fact]
    public async Task UnterminatedLineLongerThanTheCap_Throws()
    {
        var text = new string('z', 10_000);

        await Assert.ThrowsAsync<SseEventTooLargeException>(() => ReadAllAsync(text, chunk: 1000, max: 4096));
    }

    [Fact]
    public async Task EmptyStream_HasNoItems()
    {
        Assert.Empty(await ReadAllAsync(""));
    }
}
