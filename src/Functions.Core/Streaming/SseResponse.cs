using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.Features;

namespace Functions.Core.Streaming;

/// <summary>
/// Writes server-sent events to the facade's response: each event straight into the body's pipe with
/// a reused <see cref="Utf8JsonWriter"/>, then flushed, so every event leaves as it is written
/// (.NET 10's <c>SseFormatter</c> does not flush per event).
/// </summary>
public sealed class SseResponse(HttpResponse response)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private readonly PipeWriter _body = response.BodyWriter;
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] Heartbeat = ": keep-alive\n\n"u8.ToArray();
    private Utf8JsonWriter? _json;

    /// <summary>True once the 200 and its headers have gone: errors can only be events from then on.</summary>
    public bool Started { get; private set; }

    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (Started) return;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        Started = true;
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds headers to the response; ignored once the stream has started (headers are gone by then).</summary>
    public void AddHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        if (Started || response.HasStarted) return;
        foreach (var (name, value) in headers) response.Headers[name] = value;
    }

    /// <summary>Writes <c>data: &lt;json&gt;\n\n</c> and flushes.</summary>
    public async ValueTask WriteEventAsync<TState>(TState state, Action<Utf8JsonWriter, TState> write, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        _body.Write("data: "u8);
        if (_json is null) _json = new Utf8JsonWriter((IBufferWriter<byte>)_body, WriterOptions);
        else _json.Reset(_body);
        write(_json, state);
        _json.Flush();
        _body.Write("\n\n"u8);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <c>data: [DONE]\n\n</c>, the end of a successful stream.</summary>
    public ValueTask WriteDoneAsync(CancellationToken cancellationToken) => WriteRawAsync(Done, cancellationToken);

    /// <summary>Writes an SSE comment that keeps a quiet connection open.</summary>
    public ValueTask WriteHeartbeatAsync(CancellationToken cancellationToken) => WriteRawAsync(Heartbeat, cancellationToken);

    /// <summary>Writes bytes as they are (native pass-through routes) and flushes.</summary>
    public async ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        _body.Write(bytes.Span);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var result = await _body.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted) throw new ClientGoneException();
    }
}
