using System.IO.Compression;
using System.Text.Json;

namespace Bench.Upstream;

/// <summary>
/// A stand-in OpenTelemetry collector for the benchmark's telemetry target: accepts OTLP/HTTP (protobuf) exports on
/// <c>/v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>, reads and discards each body and answers 200 with an
/// empty export response. Per signal it counts requests, bytes and the items inside (spans, metrics, log records:
/// the repeated field at path 1 → 2 → 2 of each export request), so the run can show that exports really happened.
/// <c>GET /otlp/counts</c> returns the counters as JSON.
/// </summary>
public sealed class OtlpSink
{
    private const int Requests = 0, Bytes = 1, Items = 2, Unreadable = 3;
    private static readonly string[] Signals = ["traces", "metrics", "logs"];
    private readonly Dictionary<string, long[]> _counts = Signals.ToDictionary(s => s, _ => new long[4]);

    /// <summary>Maps the three export routes and the counters.</summary>
    public void Map(WebApplication app)
    {
        foreach (var signal in Signals) app.MapPost($"/v1/{signal}", context => ReceiveAsync(context, signal));
        app.MapGet("/otlp/counts", Counts);
    }

    private async Task ReceiveAsync(HttpContext context, string signal)
    {
        var counts = _counts[signal];
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        Interlocked.Increment(ref counts[Requests]);
        Interlocked.Add(ref counts[Bytes], buffer.Length);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            using var unzipped = new MemoryStream();
            await using (var gzip = new GZipStream(new MemoryStream(body.ToArray()), CompressionMode.Decompress)) await gzip.CopyToAsync(unzipped);
            body = unzipped.ToArray();
        }
        if (ProtobufCount.AtPath(body.Span, [1, 2, 2]) is { } items) Interlocked.Add(ref counts[Items], items);
        else Interlocked.Increment(ref counts[Unreadable]);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength = 0;
    }

    private IResult Counts()
    {
        var json = new Dictionary<string, Dictionary<string, long>>();
        foreach (var (signal, c) in _counts)
        {
            json[signal] = new Dictionary<string, long>
            {
                ["requests"] = Interlocked.Read(ref c[Requests]),
                ["bytes"] = Interlocked.Read(ref c[Bytes]),
                ["items"] = Interlocked.Read(ref c[Items]),
                ["unreadable"] = Interlocked.Read(ref c[Unreadable]),
            };
        }
        return Results.Text(JsonSerializer.Serialize(json), "application/json");
    }
}
