using System.Net;
using System.Text;

namespace FunctionsTestHost.Tests;

public sealed class FunctionsHostTests(SampleWorkerHostFixture fixture) : IClassFixture<SampleWorkerHostFixture>
{
    private static readonly TimeSpan s_eventWait = TimeSpan.FromSeconds(10);

    [Fact]
    public void Functions_AreTheWorkersHttpTriggers_WithRoutesMethodsAndAuthLevel()
    {
        var chat = Assert.Single(fixture.Host.Functions, f => f.Name == "ChatCompletions");

        Assert.Equal("v1/chat/completions", chat.Route);
        Assert.Equal(["POST"], chat.Methods);
        Assert.Equal("Anonymous", chat.AuthLevel);
        Assert.Equal(5, fixture.Host.Functions.Count);
        Assert.Contains("HttpUri", fixture.Host.WorkerCapabilities.Keys);
    }

    [Fact]
    public async Task Get_ReachesTheFunction_AndReturnsItsJson()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"id\":\"sample\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_ForwardsTheBody_AndReturnsTheAnswer()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("v1/chat/completions", Json("""{"stream":false}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"content\":\"Hello\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stream_EventOneReachesTheClientWhileEventTwoIsHeld()
    {
        using var client = fixture.CreateClient();
        var id = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Json($$"""{"stream":true,"hold":"{{id}}"}""") };

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The worker holds event 2 until released: event 1 can only arrive here if nothing buffered it.
        Assert.Equal("""data: {"n":1}""", await events.ReadLineAsync().WaitAsync(s_eventWait));
        (await client.GetAsync($"test/release/{id}")).EnsureSuccessStatusCode();
        var rest = await events.ReadToEndAsync().WaitAsync(s_eventWait);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("\ndata: {\"n\":2}\n\ndata: [DONE]\n\n", rest);
    }

    [Fact]
    public async Task ClientDisconnect_CancelsTheHandlersRequestAborted()
    {
        using var client = fixture.CreateClient();
        var id = Guid.NewGuid().ToString("N");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Json($$"""{"stream":true,"hang":"{{id}}"}""") })
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var events = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal("""data: {"n":1}""", await events.ReadLineAsync().WaitAsync(s_eventWait));
        }

        var outcome = await client.GetStringAsync($"test/aborted/{id}");

        Assert.True(outcome == "aborted", fixture.LogText());
    }

    [Theory]
    [InlineData("GET", "v1/chat/completions")]
    [InlineData("PUT", "no/such/route")]
    public async Task UnmatchedMethodOrPath_GoesToTheCatchAllFunction(string method, string path)
    {
        using var client = fixture.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($$$"""{"error":{"code":"not_found","method":"{{{method}}}","path":"/{{{path}}}"}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThousandRequestsAt64Concurrent_AllSucceed()
    {
        using var client = fixture.CreateClient();
        var failures = new List<string>();

        await Parallel.ForAsync(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
        {
            using var response = i % 2 == 0
                ? await client.GetAsync("v1/models", cancellationToken)
                : await client.PostAsync("v1/chat/completions", Json("""{"stream":true}"""), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK || !(body.Contains("sample") || body.EndsWith("data: [DONE]\n\n")))
            {
                lock (failures)
                {
                    failures.Add($"{i}: {(int)response.StatusCode} {body}");
                }
            }
        });

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)) + Environment.NewLine + fixture.LogText());
        Assert.Empty(fixture.Host.Log.Containing("Timed out waiting"));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
