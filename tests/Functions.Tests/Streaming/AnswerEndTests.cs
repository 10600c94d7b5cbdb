using Functions.Core.Callers;
using Functions.Core.Chat;
using Functions.Core.OpenAI;
using Functions.Core.Providers;
using Functions.Core.Routing;
using Functions.Core.Streaming;
using Microsoft.AspNetCore.Http;

namespace Functions.Tests.Streaming;

/// <summary>
/// Every answer a decorator observed tells it once how it ended — also one disposed unread, as when the client goes
/// away while the provider's answer is still on its way (the audit then records <c>client_aborted</c>, not nothing).
/// </summary>
public sealed class AnswerEndTests
{
    [Fact]
    public async Task AnAnswerDisposedUnread_EndsAsAbandoned_Once()
    {
        var ends = new List<Exception?>();
        var answer = ObservingProvider.Wrap(new ChatAnswer(Updates("a")), ends.Add);

        await answer.DisposeAsync();
        await answer.DisposeAsync();

        Assert.IsType<AnswerAbandoned>(Assert.Single(ends));
    }

    [Fact]
    public async Task AnAnswerReadToItsEnd_EndsOnceWithNull_AndItsDisposalAddsNothing()
    {
        var ends = new List<Exception?>();
        var answer = ObservingProvider.Wrap(new ChatAnswer(Updates("a", "b")), ends.Add);

        await foreach (var _ in answer.Updates) { }
        await answer.DisposeAsync();

        Assert.Null(Assert.Single(ends));
    }

    [Fact]
    public async Task TheClientGoingAway_WhileTheAnswerIsOnItsWay_EndsTheAnswerThatArrivesLate()
    {
        var ends = new List<Exception?>();
        var late = new TaskCompletionSource<ChatAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var clientGone = new CancellationTokenSource();
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var relay = new ChatStreamRelay(new StreamingOptions(), TimeProvider.System);

        var relaying = relay.RelayAsync(Call(), late.Task, new SseResponse(context.Response), clientGone.Token);
        await clientGone.CancelAsync();
        // The provider's call ignores the cancellation long enough to hand over its answer (headers were already in).
        late.SetResult(ObservingProvider.Wrap(new ChatAnswer(Updates("a")), ends.Add));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => relaying);
        Assert.IsType<AnswerAbandoned>(Assert.Single(ends));
    }

    private static ChatCall Call() => new()
    {
        RequestId = "r1",
        Caller = new Caller("t", "api-key"),
        Route = new ModelRoute("m", "lanrui", "t"),
        Request = new ChatCompletionRequest { Stream = true },
        RawBody = Array.Empty<byte>(),
        Created = 1_700_000_000,
    };

    private static async IAsyncEnumerable<ChatUpdate> Updates(params string[] texts)
    {
        foreach (var text in texts)
        {
            await Task.Yield();
            yield return new ChatUpdate { Content = text };
        }
    }

    /// <summary>A decorator as the audit and the metrics are: it observes an answer and wants to know how it ended.</summary>
    private sealed class ObservingProvider() : DelegatingChatProvider(null!)
    {
        public static ChatAnswer Wrap(ChatAnswer answer, Action<Exception?> ended) => Observe(answer, _ => { }, ended, CancellationToken.None);
    }
}
