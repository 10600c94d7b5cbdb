using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Functions.Core.Chat;
using Functions.Core.Errors;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// The native route (<c>POST /baidu/chat/{endpoint}</c>): Baidu's dialect in and out. The facade adds the
/// access token and recovers from a refused token and transient errors before the first byte, as on the
/// OpenAI route; everything Baidu sends after that reaches the caller byte for byte, as it arrives
/// (<c>: keep-alive</c> comments, bare error lines and no <c>[DONE]</c> included). Content is not withheld
/// here: the caller gets Baidu's own verdict fields and must act on them. The audit gets each event's
/// translated update beside the bytes.
/// </summary>
public sealed partial class BaiduProvider
{
    private static readonly IReadOnlySet<int> NothingWithheld = new HashSet<int>();

    public PreparedRequest PrepareNative(ChatCall call)
    {
        BaiduNativeRequest.Check(call.Request, MaxOutputTokens(call));
        return new PreparedRequest(call, BaiduNativeRequest.WithoutAccessToken(call.RawBody), call.Route.Target);
    }

    public async Task<NativeResponse> SendNativeAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        // A refused token never reaches the caller: SendAsync resends once, then throws the facade's 502.
        var attempt = await SendAsync(request, request.Call.Stream ? AttemptMode.Raw : AttemptMode.Json, cancellationToken).ConfigureAwait(false);
        var response = attempt.Call.Response;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in response.Headers)
        {
            if (name.StartsWith("X-Ratelimit-", StringComparison.OrdinalIgnoreCase) || name.Equals("Statement", StringComparison.OrdinalIgnoreCase))
                headers.Add(new(name, string.Join(", ", values)));
        }
        var chunks = attempt.Raw is { } raw ? RelayAsync(raw, attempt.Call, cancellationToken) : Whole(attempt);
        return new NativeResponse(attempt.Call.Status, response.Content.Headers.ContentType?.ToString(), headers, chunks, attempt);
    }

    private static async IAsyncEnumerable<NativeChunk> Whole(BaiduAttempt attempt)
    {
        var update = attempt.First is { IsError: false } answer && attempt.Call.Status is >= 200 and < 300
            ? new BaiduStreamTranslator(NothingWithheld).Translate(answer, null, final: true)
            : null;
        yield return new NativeChunk(attempt.Body ?? [], update);
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Each read goes out as it arrived; the complete <c>data:</c> lines in it follow as updates for the audit.</summary>
    private async IAsyncEnumerable<NativeChunk> RelayAsync(PipeReader reader, UpstreamCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = new BaiduLineSplitter(_options.MaxEventBytes);
        var translator = new BaiduStreamTranslator(NothingWithheld);
        while (true)
        {
            var result = await call.ReadAsync(reader.ReadAsync).ConfigureAwait(false);
            var bytes = result.Buffer.ToArray();
            reader.AdvanceTo(result.Buffer.End);
            if (bytes.Length > 0)
            {
                yield return new NativeChunk(bytes, null);
                foreach (var line in lines.Feed(bytes))
                {
                    if (Translate(line, translator) is { } update) yield return new NativeChunk(ReadOnlyMemory<byte>.Empty, update);
                }
            }
            if (result.IsCompleted) break;
            cancellationToken.ThrowIfCancellationRequested();
        }
        if (lines.Rest() is { } last && Translate(last, translator) is { } final) yield return new NativeChunk(ReadOnlyMemory<byte>.Empty, final);
    }

    private static ChatUpdate? Translate(byte[] line, BaiduStreamTranslator translator)
    {
        var span = line.AsSpan();
        if (!span.StartsWith("data:"u8)) return null;
        var payload = line.AsMemory(span.Length > 5 && span[5] == (byte)' ' ? 6 : 5);
        try
        {
            var message = BaiduMessage.Parse(payload, "a stream event");
            return message.IsError ? null : translator.FromBaiduChunk(message);
        }
        catch (FacadeException)
        {
            // The caller gets the bytes as they are; only the audit's view of this event is lost.
            return null;
        }
    }

    /// <summary>Reads until the first line is complete without consuming anything: a token or transient error there is recovered.</summary>
    private async Task<BaiduMessage?> PeekFirstLineAsync(PipeReader reader, UpstreamCall call)
    {
        while (true)
        {
            var result = await call.ReadAsync(reader.ReadAsync).ConfigureAwait(false);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is not null || result.IsCompleted || buffer.Length > _options.MaxEventBytes)
            {
                var line = (newline is { } end ? buffer.Slice(0, end) : buffer).ToArray().AsMemory();
                reader.AdvanceTo(buffer.Start);
                if (line.Span.EndsWith("\r"u8)) line = line[..^1];
                if (line.Span.StartsWith("data:"u8)) line = line[5..];
                var trimmed = line.Span.TrimStart((byte)' ');
                if (trimmed.IsEmpty || trimmed[0] != (byte)'{') return null;
                return TryParse(line);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
