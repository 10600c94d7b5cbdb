namespace Functions.Core.Errors;

/// <summary>The facade's own errors, one factory each, so status, type and code stay consistent.</summary>
public static class FacadeErrors
{
    public static FacadeException InvalidParameter(string param, string message) =>
        new(400, ErrorType.InvalidRequest, ErrorCode.InvalidParameter, message, param);

    public static FacadeException MissingParameter(string param) =>
        new(400, ErrorType.InvalidRequest, ErrorCode.MissingParameter, $"Missing required parameter: '{param}'.", param);

    public static FacadeException UnsupportedParameter(string param, string provider) =>
        new(400, ErrorType.InvalidRequest, ErrorCode.UnsupportedParameter,
            $"Parameter '{param}' is not supported for {provider} models.", param);

    public static FacadeException InvalidJson(string message, string? param) =>
        new(400, ErrorType.InvalidRequest, ErrorCode.InvalidJson, message, param);

    public static FacadeException RequestTooLarge(long limit) =>
        new(413, ErrorType.InvalidRequest, ErrorCode.RequestTooLarge,
            $"The request body exceeds the limit of {limit} bytes.");

    /// <summary>The request's HTTP framing is broken (a chunk size Kestrel cannot read, …): nothing of it can be trusted.</summary>
    public static FacadeException MalformedHttpRequest(int status = 400) =>
        new(status, ErrorType.InvalidRequest, ErrorCode.InvalidRequest, "The HTTP request is malformed.");

    public static FacadeException InvalidApiKey() =>
        new(401, ErrorType.Authentication, ErrorCode.InvalidApiKey,
            "Missing or invalid API key. Send it as 'Authorization: Bearer <key>' or 'api-key: <key>'.");

    /// <summary>A bearer token that was recognised and rejected; the reason never quotes the token.</summary>
    public static FacadeException InvalidToken(string reason) =>
        new(401, ErrorType.Authentication, ErrorCode.InvalidToken, $"The bearer token was rejected: {reason}.")
        {
            // RFC 6750 section 3: tell the client which scheme and why, without echoing the token.
            Headers = [new("WWW-Authenticate", $"Bearer error=\"invalid_token\", error_description=\"{reason}\"")],
        };

    /// <summary>The identity provider's signing keys could not be read, so no token can be checked.</summary>
    public static FacadeException AuthUnavailable() =>
        new(503, ErrorType.Api, ErrorCode.AuthUnavailable,
            "The facade cannot check bearer tokens right now (identity provider metadata unavailable). Retry later.")
        { RetryAfter = TimeSpan.FromSeconds(10) };

    public static FacadeException ModelNotFound(string model) =>
        new(404, ErrorType.InvalidRequest, ErrorCode.ModelNotFound,
            $"The model '{model}' does not exist or is not configured on this facade.", "model");

    public static FacadeException ModelNotAllowed(string model) =>
        new(403, ErrorType.Permission, ErrorCode.ModelNotAllowed,
            $"This caller is not allowed to use the model '{model}'.", "model");

    public static FacadeException NotFound(string path) =>
        new(404, ErrorType.NotFound, ErrorCode.NotFound, $"No such route: {path}.");

    /// <summary>A known path asked with another method; <c>Allow</c> names the methods it takes.</summary>
    public static FacadeException MethodNotAllowed(string method, IReadOnlyCollection<string> allowed) =>
        new(405, ErrorType.InvalidRequest, ErrorCode.MethodNotAllowed, $"This route does not take {method}; use {string.Join(" or ", allowed)}.")
        {
            Headers = [new("Allow", string.Join(", ", allowed))],
        };

    /// <summary>Nothing of an answer arrived: no connection, no TLS, or the connection closed before the response headers.</summary>
    public static FacadeException UpstreamUnreachable(string provider, string reason, Exception? inner = null) =>
        new(502, ErrorType.Api, ErrorCode.UpstreamUnreachable, $"The {provider} service could not be reached: {reason}.", null, inner);

    /// <summary>
    /// One of the facade's own time limits fired, and only then (docs/errors.md): the message names the setting and
    /// its value. A provider that reports a time-out of its own is the provider's error (<c>upstream_error</c>).
    /// </summary>
    public static FacadeException UpstreamTimeout(string provider, string what, string setting, TimeSpan limit) =>
        new(504, ErrorType.Timeout, ErrorCode.UpstreamTimeout, $"The {provider} service did not answer in time: {what} ({setting} = {Format(limit)}).");

    /// <summary>The connection ended after the answer had begun (a reset, or the body cut off before its end).</summary>
    public static FacadeException UpstreamReset(string provider, string after, Exception? inner = null) =>
        new(502, ErrorType.Api, ErrorCode.UpstreamError, $"The {provider} service's connection was reset after {after}, before the answer ended.", null, inner);

    public static FacadeException UpstreamProtocol(string provider, string what) =>
        new(502, ErrorType.Api, ErrorCode.UpstreamProtocolError, $"The {provider} service sent an invalid response: {what}.");

    /// <summary>The provider credentials cannot be read (the vault is down and nothing is cached); nothing went upstream.</summary>
    public static FacadeException SecretsUnavailable() =>
        new(503, ErrorType.Api, ErrorCode.SecretsUnavailable, "The facade cannot read its provider credentials right now; retry later.")
        { RetryAfter = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// What a failure means for the caller: a <see cref="FacadeException"/> as it is, the secret store failing as
    /// <see cref="SecretsUnavailable"/>, anything else (a bug) as <see cref="Internal"/>. One mapping for the error
    /// envelope and for the audit record, so both say the same.
    /// </summary>
    public static FacadeException For(Exception exception) => exception switch
    {
        FacadeException facade => facade,
        // The message names the secret and the cause, never a value or the vault's URL; it goes to the log only.
        Secrets.SecretStoreException => SecretsUnavailable(),
        _ => Internal(),
    };

    /// <summary>A time limit as it is written in the settings (<c>00:00:10</c>, <c>00:00:00.5</c>).</summary>
    public static string Format(TimeSpan limit)
    {
        var text = limit.ToString("c", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0') : text;
    }

    public static FacadeException Internal() =>
        new(500, ErrorType.Api, ErrorCode.ServerError, "The facade failed to process the request. Quote the x-request-id when reporting this.");
}
