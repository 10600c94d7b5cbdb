namespace Functions.Core.Errors;

/// <summary>The <c>type</c> values of the OpenAI error envelope that the SDKs recognise.</summary>
public static class ErrorType
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string RateLimit = "rate_limit_error";
    public const string InsufficientQuota = "insufficient_quota";
    public const string Api = "api_error";
    public const string Timeout = "timeout_error";
    public const string Overloaded = "server_overloaded_error";
}
