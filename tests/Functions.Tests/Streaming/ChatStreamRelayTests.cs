using System.Text;
using Functions.Core.Callers;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.OpenAI;
using Functions.Core.Providers;
using Functions.Core.Routing;
using Functions.Core.Streaming;
using Microsoft.AspNetCore.Http;

namespace Functions.Tests.Streaming;

/// <summary>The relay over an in-memory response: framing, usage chunk, error events, no [DONE] after failure.</summary>
public sealed class ChatStreamRelayTests
{
    private static ChatCall Call(bool includeUsage) => new()
    {
        RequestId = "r1",
        Caller = new Caller("t", "api-key"),
        Route = new ModelRoute("m", "lanrui", "t"),
        Request = new ChatCompletionRequest { Stream = true, StreamOptions = new StreamOptions { IncludeUsage = includeUsage } },
        RawBody = Array.Empty<byte>(),
        Created = 1_700_000_000,
    };

    private static async Task<(string Body, Exception? Error)> RelayAsync(ChatCall call, IAsyncEnumerable<ChatUpdate> updates)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        var relay = new ChatStreamRelay(new StreamingOptions(), TimeProvider.System);
        Exception? error = null;
        try { await relay.RelayAsync(call, new ChatAnswer(updates), new SseResponse(context.Response), CancellationToken.None); }
        catch (Exception ex) { error = ex; }
        await context.Response.BodyWriter.FlushAsync();
        return (Encoding.UTF8.GetString(body.ToArray()), error);
    }

    private static async IAsyncEnumerable<ChatUpdate> Updates(params ChatUpdate[] updates)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            yield return update;
        }
    }

    private static async IAsyncEnumerable<ChatUpdate> FailAfter(ChatUpdate first, FacadeException error)
    {
        await Task.Yield();
        yield return first;
        throw error;
    }

    [Fact]
    public async Task Success_PutsRoleInFirstDeltaOnly_ThenUsageChunk_ThenDone()
    {
        var (body, error) = await RelayAsync(Call(includeUsage: true), Updates(
            new ChatUpdate { Content = "a" },
            new ChatUpdate { Content = "b" },
            new ChatUpdate { FinishReason = "stop" },
            new ChatUpdate { Usage = new ChatUsage(3, 2, 5) }));

        Assert.Null(error);
        var events = Functions.Tests.TestInfrastructure.FacadeHttp.DataEvents(body);
        Assert.Equal(5, events.Count);
        Assert.Contains("\"delta\":{\"role\":\"assistant\",\"content\":\"a\"}", events[0]);
        Assert.DoesNotContain("role", events[1]);
        Assert.Contains("\"finish_reason\":\"stop\"", events[2]);
        Assert.Contains("\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}", events[3]);
        Assert.Equal("[DONE]", events[4]);
        Assert.All(events.Take(3), e => Assert.Contains("\"usage\":null", e));
    }

    [Fact]
    public async Task WithoutIncludeUsage_NoUsageChunkAndNoUsageField()
    {
        var (body, _) = await RelayAsync(Call(includeUsage: false), Updates(
            new ChatUpdate { Content = "a", FinishReason = "stop", Usage = new ChatUsage(1, 1, 2) }));

        var events = Functions.Tests.TestInfrastructure.FacadeHttp.DataEvents(body);
        Assert.Equal(2, events.Count);
        Assert.DoesNotContain("usage", events[0]);
        Assert.Equal("[DONE]", events[1]);
    }

    [Fact]
    public async Task FailureAfterFirstEvent_WritesErrorEventAndNoDone()
    {
        var failure = FacadeErrors.UpstreamProtocol("X", "boom");

        var (body, error) = await RelayAsync(Call(false), FailAfter(new ChatUpdate { Content = "a" }, failure));

        Assert.Same(failure, error);
        var events = Functions.Tests.TestInfrastructure.FacadeHttp.DataEvents(body);
        Assert.Equal(2, events.Count);
        Assert.StartsWith("{\"error\":{\"message\":\"The X service sent an invalid response: boom.\"", events[1]);
        Assert.DoesNotContain("[DONE]", body);
    }

    [Fact]
    public async Task FailureBeforeFirstEvent_PropagatesWithNothingWritten()
    {
        var (body, error) = await RelayAsync(Call(false), FailAfterNothing());

        Assert.IsType<FacadeException>(error);
        Assert.Equal("", body);

        static async IAsyncEnumerable<ChatUpdate> FailAfterNothing()
        {
            await Task.Yield();
            throw FacadeErrors.UpstreamTimeout("X", "no connection within the connect limit", "Providers:X:ConnectTimeout", TimeSpan.FromSeconds(10));
#pragma warning disable CS0162
            yield break;
#pragma warning restore CS0162
        }
    }

    [Fact]
    public async Task StreamWithoutFinishReason_EndsWithErrorEvent()
    {
        var (body, error) = await RelayAsync(Call(false), Updates(new ChatUpdate { Content = "a" }));

        Assert.IsType<FacadeException>(error);
        Assert.Contains("without a finish reason", body);
        Assert.DoesNotContain("[DONE]", body);
    }
}
