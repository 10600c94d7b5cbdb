namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Maps Baidu's <c>error_code</c>/<c>error_msg</c> (HTTP 200 on the wire) to the facade's envelope
/// following the table in docs/protocols/baidu.md. Rate limits carry <c>retry-after</c> and Baidu's <c>x-ratelimit-*</c>; Baidu's
/// message is passed on with the access token scrubbed should it ever appear in it.
/// </summary>
public static class BaiduErrors
{
    /// <summary>The access token was refused (docs/protocols/baidu.md §3.3: 100, 110, 111): drop it, refresh once, resend once.</summary>
    public static bool IsTokenError(long code) => code is 100 or 110 or 111;

    /// <summary>Transient errors the Baidu SDK retries and so does the facade, before the first byte only.</summary>
    public static bool IsRetryable(long code) => code is 2 or 18 or 336100;

    public static FacadeException FromError(long code, string? message, IReadOnlyList<KeyValuePair<string, string>> rateLimitHeaders, string? accessToken)
    {
        var upstream = code.ToString(CultureInfo.InvariantCulture);
        var detail = $"error {upstream}: {Scrub(message, accessToken) ?? "no message"}";
        var headers = rateLimitHeaders.Count > 0 ? rateLimitHeaders : null;
        return code switch
        {
            2 or 15 or 336100 => new FacadeException(503, ErrorType.Overloaded, ErrorCode.ServerOverloaded, $"Baidu is overloaded ({detail}).")
                { UpstreamCode = upstream, RetryAfter = TimeSpan.FromSeconds(1), Headers = headers },
            18 => RateLimited(detail, upstream, TimeSpan.FromSeconds(1), headers),
            4 or (>= 336500 and < 336600) => RateLimited(detail, upstream, TimeSpan.FromSeconds(10), headers),
            17 or 19 => new FacadeException(429, ErrorType.InsufficientQuota, ErrorCode.InsufficientQuota,
                $"The facade's Baidu quota is exhausted or billing is not enabled ({detail}).")
                { UpstreamCode = upstream, Headers = [.. rateLimitHeaders, new("x-should-retry", "false")] },
            336007 or 336103 => new FacadeException(400, ErrorType.InvalidRequest, ErrorCode.ContextLengthExceeded,
                $"Baidu rejected the request as too long ({detail}).", "messages") { UpstreamCode = upstream },
            336003 when message?.Contains("max length", StringComparison.OrdinalIgnoreCase) == true => new FacadeException(400, ErrorType.InvalidRequest,
                ErrorCode.ContextLengthExceeded, $"Baidu rejected the request as too long ({detail}).", "messages") { UpstreamCode = upstream },
            336001 or 336002 or 336003 or 336006 or 336101 or 336102 or 336104 or 336105 => new FacadeException(400, ErrorType.InvalidRequest,
                ErrorCode.InvalidRequest, $"Baidu rejected the request ({detail}).") { UpstreamCode = upstream },
            3 or 336005 => new FacadeException(404, ErrorType.InvalidRequest, ErrorCode.ModelNotFound,
                $"Baidu has no such service endpoint; check the model's Target ({detail}).", "model") { UpstreamCode = upstream },
            6 or 336004 => new FacadeException(403, ErrorType.Permission, ErrorCode.ModelNotAllowed,
                $"The facade's Baidu application may not use this service ({detail}).", "model") { UpstreamCode = upstream },
            13 or 14 or 100 or 110 or 111 => CredentialsRejected(detail, upstream),
            // Baidu's own failure, like any provider's (docs/errors.md): server_error is kept for the facade's.
            1 or 336000 => new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamError, $"Baidu failed internally ({detail}).") { UpstreamCode = upstream },
            _ => new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamError, $"Baidu failed ({detail}).") { UpstreamCode = upstream, Headers = headers },
        };
    }

    /// <summary>A non-2xx HTTP answer (Baidu's own errors come as 200 with <c>error_code</c>; this is a gateway in front).</summary>
    internal static FacadeException FromStatus(UpstreamCall call, byte[]? body) =>
        UpstreamErrors.FromStatus(BaiduProvider.Display, call.Status, UpstreamErrors.Text(body), null, UpstreamErrors.RetryAfter(call.Response.Headers),
            $"the '{SecretNames.BaiduApiKey}' and '{SecretNames.BaiduSecretKey}' secrets");

    /// <summary>
    /// A failure the facade found in a pass-through stream, in Baidu's own mid-stream form (a bare JSON line,
    /// docs/protocols/baidu.md §6.3): <c>error_code</c> 336000 (Baidu's "internal error") or Baidu's own code when the
    /// failure carries one, the facade's message, and the facade's code for a reader that wants it.
    /// </summary>
    public static byte[] ToBaiduErrorLine(FacadeException error)
    {
        var code = long.TryParse(error.UpstreamCode, NumberStyles.Integer, CultureInfo.InvariantCulture, out var upstream) ? upstream : 336000;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("error_code"u8, code);
            writer.WriteString("error_msg"u8, error.Message);
            writer.WriteString("facade_error"u8, error.Code.Value);
            writer.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    /// <summary>A persisting token error or an IAM failure: the facade's Baidu credentials, not the caller's key.</summary>
    public static FacadeException CredentialsRejected(string detail, string upstreamCode) =>
        new(502, ErrorType.Api, ErrorCode.UpstreamAuthFailed,
            $"Baidu rejected the facade's Baidu credentials ({detail}); the access token was refused even after a refresh. " +
            $"The caller's key is fine: check the '{SecretNames.BaiduApiKey}' and '{SecretNames.BaiduSecretKey}' secrets.")
        { UpstreamCode = upstreamCode };

    private static FacadeException RateLimited(string detail, string upstream, TimeSpan retryAfter, IReadOnlyList<KeyValuePair<string, string>>? headers) =>
        new(429, ErrorType.RateLimit, ErrorCode.RateLimitExceeded, $"Baidu rate limit reached ({detail}).")
        { UpstreamCode = upstream, RetryAfter = retryAfter, Headers = headers };

    private static string? Scrub(string? message, string? accessToken) =>
        message is null || string.IsNullOrEmpty(accessToken) ? message : message.Replace(accessToken, "[redacted]", StringComparison.Ordinal);
}
