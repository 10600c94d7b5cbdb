namespace Functions.Core.Errors;

/// <summary>
/// The <c>code</c> of an OpenAI error envelope: an extensible enum (Azure SDK style) so providers can
/// add codes without touching this type.
/// </summary>
public readonly record struct ErrorCode(string Value)
{
    public static readonly ErrorCode InvalidRequest = new("invalid_request");
    public static readonly ErrorCode InvalidJson = new("invalid_json");
    public static readonly ErrorCode InvalidParameter = new("invalid_parameter");
    public static readonly ErrorCode MissingParameter = new("missing_required_parameter");
    public static readonly ErrorCode UnsupportedParameter = new("unsupported_parameter");
    public static readonly ErrorCode RequestTooLarge = new("request_too_large");
    public static readonly ErrorCode InvalidApiKey = new("invalid_api_key");
    public static readonly ErrorCode InvalidToken = new("invalid_token");
    public static readonly ErrorCode AuthUnavailable = new("auth_unavailable");
    public static readonly ErrorCode ModelNotAllowed = new("model_not_allowed");
    public static readonly ErrorCode ModelNotFound = new("model_not_found");
    public static readonly ErrorCode NotFound = new("not_found");
    public static readonly ErrorCode MethodNotAllowed = new("method_not_allowed");
    public static readonly ErrorCode ContextLengthExceeded = new("context_length_exceeded");
    public static readonly ErrorCode RateLimitExceeded = new("rate_limit_exceeded");
    public static readonly ErrorCode InsufficientQuota = new("insufficient_quota");
    public static readonly ErrorCode ContentFiltered = new("content_filter");
    public static readonly ErrorCode ServerError = new("server_error");
    public static readonly ErrorCode UpstreamError = new("upstream_error");
    public static readonly ErrorCode UpstreamAuthFailed = new("upstream_auth_failed");
    public static readonly ErrorCode UpstreamUnreachable = new("upstream_unreachable");
    public static readonly ErrorCode UpstreamTimeout = new("upstream_timeout");
    public static readonly ErrorCode UpstreamProtocolError = new("upstream_protocol_error");
    public static readonly ErrorCode ServerOverloaded = new("server_is_overloaded");
    public static readonly ErrorCode AuditUnavailable = new("audit_unavailable");
    public static readonly ErrorCode SecretsUnavailable = new("secrets_unavailable");

    public override string ToString() => Value;
}
