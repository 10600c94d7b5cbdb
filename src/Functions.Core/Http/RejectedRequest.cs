namespace Functions.Core.Http;

/// <summary>
/// What the audit records of a request the facade refused before any provider saw it: who (the caller when known,
/// else how it tried and a fingerprint of what it presented), from where, what it asked for, and the answer.
/// </summary>
internal static class RejectedRequest
{
    private const int MaxPathLength = 2048;

    /// <summary>
    /// The record of <paramref name="error"/>: by <paramref name="caller"/> (the authenticated one, or the one whose key
    /// the request presented) when known, else by <paramref name="keyFingerprint"/> (<see cref="CredentialFingerprint"/>).
    /// </summary>
    public static AuditRejection From(HttpContext context, string requestId, DateTimeOffset time, FacadeException error, Caller? caller, string? keyFingerprint)
    {
        var request = context.Request;
        var path = request.Path.ToString();
        return new AuditRejection
        {
            RequestId = requestId,
            Time = time,
            Status = error.Status,
            ErrorCode = error.Code.Value,
            ErrorMessage = error.Message,
            Caller = caller?.Name,
            CallerMethod = caller?.Method ?? PresentedCredential.Method(request),
            KeyFingerprint = caller is null ? keyFingerprint : null,
            ClientAddress = context.Connection.RemoteIpAddress?.ToString(),
            HttpMethod = request.Method,
            Path = path.Length <= MaxPathLength ? path : path[..MaxPathLength],
            BodyBytes = request.ContentLength,
            UserAgent = RecordedHeader.Bound(request.Headers.UserAgent.ToString()),
            InvocationId = context.InvocationId(),
        };
    }
}
