using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Functions.Core.Errors;

namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>
/// Maps an OpenAI-compatible upstream's error (HTTP status plus <c>{"error":{message,type,code}}</c>)
/// to the facade's envelope. An upstream 401/403 is the facade's credential, not the caller's: 502.
/// </summary>
public static class OpenAICompatibleErrorMapper
{
    public static FacadeException FromResponse(string provider, int status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        var (message, code) = Read(body);
        var detail = message is null ? $"HTTP {status}" : message;
        var retryAfter = RetryAfter(headers);
        var upstreamCode = code ?? status.ToString(CultureInfo.InvariantCulture);
        return status switch
        {
            400 or 422 => new FacadeException(400, ErrorType.InvalidRequest, code == "context_length_exceeded" ? ErrorCode.ContextLengthExceeded : ErrorCode.InvalidRequest,
                $"{provider} rejected the request: {detail}") { UpstreamCode = upstreamCode },
            401 or 403 => new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamAuthFailed,
                $"{provider} rejected the facade's credentials; the caller's key is fine. Check the {provider} API key secret.") { UpstreamCode = upstreamCode },
            404 => new FacadeException(404, ErrorType.InvalidRequest, ErrorCode.ModelNotFound, $"{provider} does not know the model: {detail}", "model") { UpstreamCode = upstreamCode },
            408 => new FacadeException(504, ErrorType.Timeout, ErrorCode.UpstreamTimeout, $"{provider} timed out: {detail}") { UpstreamCode = upstreamCode },
            413 => new FacadeException(413, ErrorType.InvalidRequest, ErrorCode.RequestTooLarge, $"{provider} rejected the request as too large: {detail}") { UpstreamCode = upstreamCode },
            429 when code == "insufficient_quota" => new FacadeException(429, ErrorType.InsufficientQuota, ErrorCode.InsufficientQuota,
                $"{provider} quota exhausted: {detail}") { UpstreamCode = upstreamCode, Headers = [new("x-should-retry", "false")] },
            429 => new FacadeException(429, ErrorType.RateLimit, ErrorCode.RateLimitExceeded, $"{provider} rate limit reached: {detail}") { UpstreamCode = upstreamCode, RetryAfter = retryAfter ?? TimeSpan.FromSeconds(1) },
            503 => new FacadeException(503, ErrorType.Overloaded, ErrorCode.ServerOverloaded, $"{provider} is overloaded: {detail}") { UpstreamCode = upstreamCode, RetryAfter = retryAfter },
            504 => new FacadeException(504, ErrorType.Timeout, ErrorCode.UpstreamTimeout, $"{provider} timed out: {detail}") { UpstreamCode = upstreamCode },
            _ => new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamError, $"{provider} failed: {detail}") { UpstreamCode = upstreamCode, RetryAfter = retryAfter },
        };
    }

    /// <summary>An <c>error</c> object inside a 200 body or a stream event.</summary>
    public static FacadeException FromStreamError(string provider, JsonElement error)
    {
        var (message, code) = ReadError(error);
        return new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamError, $"{provider} failed mid-response: {message ?? "unknown error"}") { UpstreamCode = code };
    }

    private static (string? Message, string? Code) Read(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return (null, null);
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error)) return ReadError(error);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) return (m.GetString(), null);
        }
        catch (JsonException)
        {
        }
        var text = Encoding.UTF8.GetString(body.Length > 300 ? body[..300] : body).Trim();
        return (text.Length == 0 ? null : text, null);
    }

    private static (string? Message, string? Code) ReadError(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String) return (error.GetString(), null);
        if (error.ValueKind != JsonValueKind.Object) return (null, null);
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var code = error.TryGetProperty("code", out var c) ? c.ValueKind switch
        {
            JsonValueKind.String => c.GetString(),
            JsonValueKind.Number => c.GetRawText(),
            _ => null,
        } : null;
        return (message, code);
    }

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter?.Delta is { } delta) return delta;
        if (headers.RetryAfter?.Date is { } date) return date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }
}
