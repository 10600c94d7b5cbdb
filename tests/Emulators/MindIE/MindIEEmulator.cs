using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Emulators.MindIE;

/// <summary>
/// Huawei MindIE Server's OpenAI-like API as docs/protocols/mindie.md §11 lists it: <c>/v1/chat/completions</c>
/// with MindIE's 422 texts, its default 512-token cap, role repeated in every delta, usage (and optional
/// <c>full_text</c> and timing fields) on the last content event, <c>tool_calls: []</c>, raw-text errors
/// mid-stream; <c>/health</c> 200/503, <c>/v1/models</c>, <c>/stopService</c> then 503. Mutual TLS is set up
/// by the host (<see cref="MindIETls"/>). Scenario options: <c>full-text</c> (on, off, wrong),
/// <c>benchmark</c> (top, usage), <c>raw-error</c> (text, json, with <c>error-after</c>), <c>error-text</c>,
/// <c>drop</c> (close the connection without an answer).
/// </summary>
public sealed partial class MindIEEmulator : EmulatorBase
{
    public const string DefaultModel = "qwen2.5-7b-instruct";
    private int _counter;

    public string ModelName { get; init; } = DefaultModel;

    /// <summary>MindIE's <c>maxIterTimes</c>: the output cap, and the default <c>max_tokens</c>.</summary>
    public int MaxIterTimes { get; init; } = 512;

    /// <summary>MindIE's <c>fullTextEnabled</c>: the last stream event carries <c>full_text</c>.</summary>
    public bool FullTextEnabled { get; set; }

    /// <summary><c>MINDIE_LLM_BENCHMARK_ENABLE</c>: <c>top</c> or <c>usage</c> (where the timings go), or null.</summary>
    public string? Benchmark { get; set; }

    /// <summary>When set, a coordinator-style <c>Authorization: Bearer</c> check (MindIE Server itself has none).</summary>
    public string? ApiKey { get; init; }

    /// <summary>False: <c>/health</c> answers 503 with no body.</summary>
    public bool Healthy { get; set; } = true;

    /// <summary>Set by <c>/stopService</c>: everything answers 503.</summary>
    public bool Stopped { get; set; }

    /// <summary>The exact bytes of every chat answer sent, in order.</summary>
    public ConcurrentQueue<byte[]> Responses { get; } = new();

    public override void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/chat/completions", HandleAsync);
        endpoints.MapGet("/v1/models", () => Results.Json(new JsonObject { ["object"] = "list", ["data"] = new JsonArray(ModelEntry()) }));
        endpoints.MapGet("/v1/models/{model}", (string model) => model == ModelName
            ? Results.Json(ModelEntry())
            : Results.Json(new { error = "Model not found", error_type = "NotFoundError" }, statusCode: 404));
        endpoints.MapGet("/health", () => Stopped
            ? Results.Json(new { error = "The service has been stopped", error_type = "Service Unavailable" }, statusCode: 503)
            : Healthy ? Results.Ok() : Results.StatusCode(503));
        endpoints.MapGet("/stopService", () => { Stopped = true; return Results.Ok(); });
    }

    private JsonObject ModelEntry() => new() { ["id"] = ModelName, ["object"] = "model", ["root"] = ModelName, ["owned_by"] = "MindIE Server", ["parent"] = null };

    private async Task HandleAsync(HttpContext context)
    {
        var recorded = await RecordedRequest.ReadAsync(context.Request);
        Record(recorded);
        var tap = new MemoryStream();
        try
        {
            await AnswerAsync(context, recorded, tap);
        }
        finally
        {
            Responses.Enqueue(tap.ToArray());
        }
    }

    private async Task AnswerAsync(HttpContext context, RecordedRequest recorded, MemoryStream tap)
    {
        if (Stopped) { await ErrorAsync(context, tap, 503, "The service has been stopped"); return; }
        if (ApiKey is not null && context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey) { await ErrorAsync(context, tap, 401, "Unauthorized"); return; }
        if (recorded.Json is not JsonObject request) { await ErrorAsync(context, tap, 422, "Failed to parse the request body as JSON."); return; }
        if (request["model"] is null) { await ErrorAsync(context, tap, 422, "Request contains not model or model null"); return; }
        if (request["model"]!.ToString() != ModelName) { await ErrorAsync(context, tap, 404, "Model not found"); return; }
        if (MindIEValidator.Validate(request) is { } invalid) { await ErrorAsync(context, tap, 422, invalid); return; }

        var messages = request["messages"]!.AsArray();
        var lastUser = messages.LastOrDefault(m => m?["role"]?.ToString() == "user")?["content"]?.ToString();
        var scenario = ScenarioFor(lastUser);
        var ct = context.RequestAborted;
        if (scenario.FirstByteDelay > TimeSpan.Zero) await Task.Delay(scenario.FirstByteDelay, ct);
        if (scenario.Options.ContainsKey("drop"))
        {
            // The connection closes with no answer at all (e.g. the process died).
            context.Abort();
            return;
        }
        if (scenario.ErrorStatus is { } status)
        {
            await ErrorAsync(context, tap, status, scenario.Options.GetValueOrDefault("error-text") ?? $"Emulated MindIE error {status}.");
            return;
        }
        var answer = BuildAnswer(context, request, scenario, lastUser);
        if (request["stream"]?.GetValue<bool>() == true) await StreamAsync(context, tap, answer, scenario);
        else
        {
            // MindIE closes the connection after a non-stream answer (http_rest_resource.cpp).
            context.Response.Headers.Connection = "close";
            context.Response.ContentType = "application/json";
            await SendAsync(context.Response, tap, answer.Completion().ToJsonString(), ct);
        }
    }

    private MindIEAnswer BuildAnswer(HttpContext context, JsonObject request, Scenario scenario, string? lastUser)
    {
        var words = scenario.Chunks ?? Words("Hello from the MindIE emulator. You said: " + (lastUser ?? ""));
        var (tokens, cut) = MindIEAnswer.Cap(words, request["max_tokens"]?.GetValue<int>(), MaxIterTimes);
        var fullText = scenario.Options.GetValueOrDefault("full-text") ?? (FullTextEnabled ? "on" : "off");
        var prompt = request["messages"]!.AsArray().Sum(m => (m?["content"]?.ToString() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        return new MindIEAnswer
        {
            // MindIE takes the req-id header as the answer's id; otherwise a per-process counter.
            Id = context.Request.Headers["req-id"].FirstOrDefault() ?? $"endpoint_common_{Interlocked.Increment(ref _counter)}",
            Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Model = ModelName,
            Tokens = tokens,
            FinishReason = scenario.FinishReason ?? (scenario.ToolCall is not null ? "tool_calls" : cut ? "length" : "stop"),
            PromptTokens = Math.Max(1, prompt),
            ToolName = scenario.ToolCall,
            ToolArguments = scenario.ToolArguments,
            Benchmark = scenario.Options.GetValueOrDefault("benchmark") ?? Benchmark,
            FullText = fullText switch { "on" => string.Concat(tokens), "wrong" => string.Concat(tokens) + " [revised]", _ => null },
        };
    }

    private static async Task ErrorAsync(HttpContext context, MemoryStream tap, int status, string message)
    {
        var type = status switch
        {
            400 => "Bad Request", 401 => "Unauthorized", 404 => "NotFoundError", 422 => "Input Validation Error",
            424 => "Generation Error", 500 => "Incomplete Generation", 503 => "Service Unavailable", _ => "Error",
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await SendAsync(context.Response, tap, new JsonObject { ["error"] = message, ["error_type"] = type }.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Writes and flushes (awaited: the client's reading paces the emulator), keeping a copy of the first bytes (up to <see cref="EmulatorBase.TapLimit"/>) for the tests.</summary>
    private static async Task SendAsync(HttpResponse response, MemoryStream tap, string text, CancellationToken cancellationToken)
    {
        var bytes = EmulatorText.ToBytes(text);
        if (tap.Length < TapLimit) tap.Write(bytes);
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
