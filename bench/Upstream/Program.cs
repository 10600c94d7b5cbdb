using Bench.Upstream;

// A fast OpenAI-compatible chat upstream for the benchmark: no validation, no auth, canned answers.
// Stream content events carry "ts=<Stopwatch timestamp>" taken just before each write, so a client on
// the same machine can compute relay latency (Stopwatch is CLOCK_MONOTONIC in nanoseconds on Linux).
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxConcurrentConnections = null;
    kestrel.Limits.MinRequestBodyDataRate = null;
    kestrel.Limits.MinResponseDataRate = null;
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
var answers = new ChatAnswers(StreamShape.FromConfiguration(app.Configuration));
app.MapGet("/health", () => "ok");
app.MapPost("/v1/chat/completions", answers.HandleAsync);
app.MapPost("/chat/completions", answers.HandleAsync);
// The telemetry target exports here (OTLP/HTTP protobuf): counted and discarded.
new OtlpSink().Map(app);
app.Run();
