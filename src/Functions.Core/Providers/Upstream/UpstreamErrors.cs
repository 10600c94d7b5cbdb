using System.Net.Http.Headers;

namespace Functions.Core.Providers.Upstream;

/// <summary>
/// The one mapping from a provider's non-2xx HTTP answer to the facade's envelope, once the provider's own
/// error reader has taken the message and code out of the body. An upstream 401/403 is the facade's
/// credential, not the caller's: 502. Providers add only the cases their protocol documents differently.
/// </summary>
public static class UpstreamErrors
{
    /// <summary>The facade's error for <paramref name="status"/>.</summary>
    /// <param name="provider">The provider's display name.</param>
    /// <param name="status">The provider's HTTP status.</param>
    /// <param name="message">The provider's message, if it gave one.</param>
    /// <param name="code">The provider's error code or type, if it gave one (kept for the audit).</param>
    /// <param name="retryAfter">The provider's <c>Retry-After</c>, if any.</param>
    /// <param name="credentials">The secret(s) to check when the provider refuses the facade's credentials.</param>
    public static FacadeException FromStatus(string provider, int status, string? message, string? code, TimeSpan? retryAfter, string credentials)
    {
        var detail = message ?? $"HTTP {status}";
        var upstreamCode = code ?? status.ToString(CultureInfo.InvariantCulture);
        return status switch
        {
            400 or 422 => new FacadeException(400, ErrorType.InvalidRequest, code == "context_length_exceeded" ? ErrorCode.ContextLengthExceeded : ErrorCode.InvalidRequest,
                $"{provider} rejected the request: {detail}") { UpstreamCode = upstreamCode },
            401 or 403 => new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamAuthFailed,
                $"{provider} rejected the facade's credentials; the caller's key is fine. Check {credentials}.") { UpstreamCode = upstreamCode },
            404 => new FacadeException(404, ErrorType.InvalidRequest, ErrorCode.ModelNotFound, $"{provider} does not know the model: {detail}", "model") { UpstreamCode = upstreamCode },
            // A limit of the provider's (or its gateway's) fired, not one of the facade's: its error (docs/errors.md).
            408 or 504 => new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamError,
                $"{provider} reported a time-out of its own (HTTP {status}): {detail}") { UpstreamCode = upstreamCode, RetryAfter = retryAfter },
            413 => new FacadeException(413, ErrorType.InvalidRequest, ErrorCode.RequestTooLarge, $"{provider} rejected the request as too large: {detail}") { UpstreamCode = upstreamCode },
            429 when code == "insufficient_quota" => new FacadeException(429, ErrorType.InsufficientQuota, ErrorCode.InsufficientQuota,
                $"{provider} quota exhausted: {detail}") { UpstreamCode = upstreamCode, Headers = [new("x-should-retry", "false")] },
            429 => new FacadeException(429, ErrorType.RateLimit, ErrorCode.RateLimitExceeded, $"{provider} rate limit reached: {detail}")
                { UpstreamCode = upstreamCode, RetryAfter = retryAfter ?? TimeSpan.FromSeconds(1) },
            503 => new FacadeException(503, ErrorType.Overloaded, ErrorCode.ServerOverloaded, $"{provider} is overloaded: {detail}") { UpstreamCode = upstreamCode, RetryAfter = retryAfter },
            _ => new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamError, $"{provider} failed: {detail}") { UpstreamCode = upstreamCode, RetryAfter = retryAfter },
        };
    }

    /// <summary>The provider's <c>Retry-After</c> as a delay, if it sent one.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders? headers)
    {
        if (headers?.RetryAfter?.Delta is { } delta) return delta;
        if (headers?.RetryAfter?.Date is { } date) return date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }

    /// <summary>The start of a body that is not the provider's error JSON, as text for the message (never more than <paramref name="max"/> bytes).</summary>
    public static string? Text(ReadOnlySpan<byte> body, int max = 300)
    {
        var text = Encoding.UTF8.GetString(body.Length > max ? body[..max] : body).Trim();
        return text.Length == 0 ? null : text;
    }
}
