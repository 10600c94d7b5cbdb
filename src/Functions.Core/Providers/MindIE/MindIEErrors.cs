using System.Net.Http.Headers;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Maps MindIE's errors to the facade's envelope. MindIE answers <c>{"error":"&lt;message&gt;","error_type":"&lt;type&gt;"}</c>
/// (a string, not OpenAI's object) with 400/404/422/424/500/503 (docs/protocols/mindie.md); after a stream
/// has started it writes raw text or that JSON without <c>data:</c>. A coordinator in front of MindIE may
/// add 401/403/429 and OpenAI-shaped bodies, which are read too.
/// </summary>
public static class MindIEErrors
{
    private const string Display = MindIEParameters.Display;

    /// <summary>A non-2xx answer.</summary>
    /// <param name="status">MindIE's HTTP status.</param>
    /// <param name="headers">Its headers (for <c>Retry-After</c>), if any.</param>
    /// <param name="body">Its body: MindIE's error JSON, an OpenAI-shaped error, text or nothing.</param>
    /// <param name="outputLimitName">The field the caller used for the output limit, reported when MindIE names <c>max_tokens</c>.</param>
    public static FacadeException FromResponse(int status, HttpResponseHeaders? headers, ReadOnlySpan<byte> body, string outputLimitName = "max_tokens")
    {
        var (message, type) = Read(body);
        var detail = message ?? $"HTTP {status}";
        var upstreamCode = type ?? status.ToString(CultureInfo.InvariantCulture);
        var modelMissing = detail.Contains("Model not found", StringComparison.OrdinalIgnoreCase) || detail.Contains("not found in server", StringComparison.OrdinalIgnoreCase);
        return status switch
        {
            404 or 422 when modelMissing => new FacadeException(404, ErrorType.InvalidRequest, ErrorCode.ModelNotFound,
                $"{Display} does not serve the configured model: {detail}", "model") { UpstreamCode = upstreamCode },
            400 or 422 => Invalid(detail, upstreamCode, outputLimitName),
            // 424 Generation Error, 500 Incomplete Generation (its "Engine callback timeout" included: MindIE's own limit,
            // not the facade's, so not upstream_timeout; docs/errors.md) and the statuses every provider shares.
            _ => UpstreamErrors.FromStatus(Display, status, message, type, UpstreamErrors.RetryAfter(headers), $"the '{SecretNames.MindIEApiKey}' secret"),
        };
    }

    /// <summary>
    /// A line without <c>data:</c> in a stream: MindIE's raw-text or raw-JSON error after the stream started. Its words
    /// are passed on as MindIE's; "Engine callback timeout" is MindIE's own limit (<c>tokenTimeout</c>), not one of the
    /// facade's, so it is <c>upstream_error</c> like any other (docs/errors.md).
    /// </summary>
    public static FacadeException FromBareLine(ReadOnlySpan<byte> line)
    {
        var (message, type) = Read(line);
        var detail = message ?? "the stream carried a line that is not an SSE field";
        return new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamError, $"{Display} failed mid-stream: {detail}") { UpstreamCode = type ?? "raw-text" };
    }

    /// <summary>An object with an <c>error</c> member inside a 200 body or a <c>data:</c> event.</summary>
    public static FacadeException FromStreamError(JsonElement root)
    {
        var (message, type) = ReadError(root);
        return new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamError, $"{Display} failed mid-response: {message ?? "unknown error"}") { UpstreamCode = type };
    }

    /// <summary>
    /// A failure the facade found in a pass-through stream, in MindIE's own mid-stream form (its error JSON without
    /// <c>data:</c>, docs/protocols/mindie.md §8.3): the facade's message, and its code as <c>error_type</c>.
    /// </summary>
    public static byte[] ToMindIEErrorLine(FacadeException error)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error"u8, error.Message);
            writer.WriteString("error_type"u8, error.Code.Value);
            writer.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    private static FacadeException Invalid(string detail, string upstreamCode, string outputLimitName)
    {
        var param = MindIEParameterNames.Find(detail);
        if (param == "max_tokens") param = outputLimitName;
        // "Messages len not in (0, N], but the length of inputs is M": the prompt is over maxInputTokenLen.
        if (detail.StartsWith("Messages len not in", StringComparison.Ordinal))
            return new FacadeException(400, ErrorType.InvalidRequest, ErrorCode.ContextLengthExceeded, $"{Display} rejected the request: {detail}", "messages") { UpstreamCode = upstreamCode };
        return new FacadeException(400, ErrorType.InvalidRequest, param is null ? ErrorCode.InvalidRequest : ErrorCode.InvalidParameter,
            $"{Display} rejected the request: {detail}", param) { UpstreamCode = upstreamCode };
    }

    private static (string? Message, string? Type) Read(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return (null, null);
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object) return ReadError(document.RootElement);
        }
        catch (JsonException)
        {
        }
        return (UpstreamErrors.Text(body, 500), null);
    }

    private static (string? Message, string? Type) ReadError(JsonElement root)
    {
        var type = root.TryGetProperty("error_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (!root.TryGetProperty("error", out var error)) return (null, type);
        return error.ValueKind switch
        {
            JsonValueKind.String => (error.GetString(), type),
            // An OpenAI-shaped error from a front end: {"error":{"message","type","code"}}.
            JsonValueKind.Object => (error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
                type ?? (error.TryGetProperty("type", out var ot) && ot.ValueKind == JsonValueKind.String ? ot.GetString() : null)),
            _ => (null, type),
        };
    }
}
