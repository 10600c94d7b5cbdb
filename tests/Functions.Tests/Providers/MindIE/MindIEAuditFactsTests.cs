using System.Text;
using Emulators;
using Functions.Core.Callers;
using Functions.Core.Chat;
using Functions.Core.OpenAI;
using Functions.Core.Providers.MindIE;
using Functions.Core.Routing;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Functions.Tests.Providers.MindIE;

/// <summary>
/// What the audit will record, straight from the provider: <c>full_text</c>, the timings, usage and MindIE's
/// id (the facade's request id, sent as <c>req-id</c>) on the updates of both routes.
/// </summary>
public sealed class MindIEAuditFactsTests : IAsyncLifetime
{
    private MindIEEnvironment _env = null!;
    private MindIEProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _env = await MindIEEnvironment.StartAsync();
        _provider = _env.Facade.Services.GetRequiredService<MindIEProvider>();
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private ChatCall Call(string json, bool passThrough = false)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return new ChatCall
        {
            RequestId = "0197a3c2e5f04d6f9b1c2d3e4f5a6b7c",
            Caller = new Caller("audit-test", "api-key"),
            Route = _env.Facade.Services.GetRequiredService<ModelCatalog>().Resolve(MindIEEnvironment.Model),
            Request = ChatCompletionRequestReader.Read(body),
            RawBody = body,
            Created = 1745200000,
            PassThrough = passThrough,
        };
    }

    private static string Json(string model, bool stream) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hi"}],"stream":{{(stream ? "true" : "false")}}}""";

    private void Enqueue() =>
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["你", "好"], Options = { ["full-text"] = "on", ["benchmark"] = "top" } });

    private static void AssertFinalFacts(ChatUpdate last)
    {
        Assert.Equal("0197a3c2e5f04d6f9b1c2d3e4f5a6b7c", last.UpstreamId);
        Assert.Equal(new ChatUsage(1, 2, 3), last.Usage);
        Assert.Equal("你好", last.Facts!.FullText);
        Assert.Equal(35, last.Facts.PrefillTimeMs);
        Assert.Equal([20], last.Facts.DecodeTimesMs!);
    }

    [Fact]
    public async Task Stream_TheLastUpdateCarriesFullTextTimingsUsageAndTheUpstreamId()
    {
        Enqueue();
        var updates = await ProviderCalls.RunAsync(_provider, Call(Json(MindIEEnvironment.Model, stream: true)));

        AssertFinalFacts(updates[^1]);
        Assert.Equal("stop", updates[^1].RawFinishReason);
    }

    [Fact]
    public async Task NonStream_TheCompletionCarriesTimingsUsageAndTheUpstreamId()
    {
        Enqueue();
        var completion = Assert.Single(await ProviderCalls.RunAsync(_provider, Call(Json(MindIEEnvironment.Model, stream: false))));

        Assert.Equal("0197a3c2e5f04d6f9b1c2d3e4f5a6b7c", completion.UpstreamId);
        Assert.Equal(new ChatUsage(1, 2, 3), completion.Usage);
        Assert.Equal(35, completion.Facts!.PrefillTimeMs);
    }

    [Fact]
    public async Task NativeStream_EachChunkCarriesItsBytesAndItsTranslatedUpdate()
    {
        Enqueue();
        var prepared = _provider.Prepare(Call(Json(MindIEEnvironment.Target, stream: true), passThrough: true));

        await using var answer = await _provider.SendAsync(prepared, CancellationToken.None);
        var updates = new List<ChatUpdate>();
        await foreach (var update in answer.Updates) updates.Add(update);

        Assert.Equal(200, answer.Status);
        Assert.Equal(_env.Emulator.Responses.Last(), updates.SelectMany(u => u.Raw.ToArray()).ToArray());
        Assert.Equal("你好", string.Concat(updates.Select(u => u.Content)));
        AssertFinalFacts(updates.Last(u => u.Facts is not null));
    }

    [Fact]
    public async Task NativeNonStream_TheChunkCarriesTheTranslatedAnswer()
    {
        Enqueue();
        var single = Assert.Single(await ProviderCalls.RunAsync(_provider, Call(Json(MindIEEnvironment.Target, stream: false), passThrough: true)));

        Assert.Equal(_env.Emulator.Responses.Last(), single.Raw.ToArray());
        Assert.Equal("你好", single.Content);
        Assert.Equal(35, single.Facts!.PrefillTimeMs);
        Assert.Equal(new ChatUsage(1, 2, 3), single.Usage);
    }
}
