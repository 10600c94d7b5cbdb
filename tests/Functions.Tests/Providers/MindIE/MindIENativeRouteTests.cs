using System.Net;
using System.Text;
using Emulators;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.MindIE;

/// <summary>
/// <c>POST /mindie/v1/chat/completions</c>: MindIE's dialect in and out, byte for byte, behind the facade's
/// caller authentication and validation; the model must be a configured MindIE target.
/// </summary>
public sealed class MindIENativeRouteTests : IAsyncLifetime
{
    private const string Route = "mindie/v1/chat/completions";
    private MindIEEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await MindIEEnvironment.StartAsync(mutualTls: true);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private static string Body(bool stream, string extra = "") =>
        $$"""{"model":"{{MindIEEnvironment.Target}}","messages":[{"role":"user","content":"你好 😀"}],"stream":{{(stream ? "true" : "false")}},"max_tokens":16,"top_k":5{{extra}}}""";

    private Task<HttpResponseMessage> PostAsync(string body, HttpClient? http = null) =>
        (http ?? _env.Facade.Http).PostAsync(Route, new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Stream_ReachesTheCallerByteForByte()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["你", "好", "！"], Options = { ["full-text"] = "on", ["benchmark"] = "usage" } });
        var body = Body(stream: true, extra: ""","stream_options":{"include_usage":true}""");

        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(_env.Emulator.Responses.Last(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(body, _env.Emulator.LastRequest.Body);
        // The facade's request id reached MindIE as req-id, so MindIE's own id in the bytes is the facade's.
        Assert.Equal(Assert.Single(response.Headers.GetValues("x-request-id")), _env.Emulator.LastRequest.Headers["req-id"]);
    }

    [Fact]
    public async Task NonStream_ReachesTheCallerByteForByte()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["ok"], Options = { ["benchmark"] = "top" } });

        using var response = await PostAsync(Body(stream: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_env.Emulator.Responses.Last(), await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("\"tool_calls\":[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MindIEsOwnErrors_PassThroughWithTheirStatus()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 422, Options = { ["error-text"] = "Parameter top_k must be in -1 || (0,2147483647], got 0" } });

        using var response = await PostAsync(Body(stream: false));

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal(_env.Emulator.Responses.Last(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RawTextErrorMidStream_ReachesTheCallerAsMindIEWroteIt()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b", "c"], ErrorAfterEvents = 1 });

        using var response = await PostAsync(Body(stream: true));

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(_env.Emulator.Responses.Last(), bytes);
        Assert.EndsWith("got no token in 600 s", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task ModelThatIsNotAConfiguredMindIETarget_Is404AndNothingIsSent()
    {
        using var response = await PostAsync(Body(stream: false).Replace(MindIEEnvironment.Target, MindIEEnvironment.Model));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", (await response.ErrorAsync())["code"]!.GetValue<string>());
        Assert.Equal(0, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task OutOfMindIEsRange_Is400AndNothingIsSent()
    {
        using var response = await PostAsync(Body(stream: false).Replace("\"top_k\":5", "\"top_k\":0"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("top_k", (await response.ErrorAsync())["param"]!.GetValue<string>());
        Assert.Equal(0, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task WithoutACallerKey_Is401()
    {
        using var http = FacadeHttp.WithoutKey(_env.Facade.Address);

        using var response = await PostAsync(Body(stream: false), http);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _env.Emulator.RequestCount);
    }
}
