namespace Functions.Core.Audit;

/// <summary>
/// A request the facade refused before routing it (401, 400, 404, 405, 413, 429…): what the audit records of
/// it with <see cref="IAuditStore.RecordRejected"/>. Nothing here may hold a secret: never the key, a token or
/// the body.
/// </summary>
public sealed record AuditRejection
{
    /// <summary>The request's id (the <c>x-request-id</c> the facade answered with).</summary>
    public required string RequestId { get; init; }

    /// <summary>When the request arrived; it decides the record's day.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The HTTP status returned.</summary>
    public required int Status { get; init; }

    /// <summary>The error code returned, e.g. <c>invalid_api_key</c>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The error message returned.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The caller's name, when it was authenticated before the request was refused.</summary>
    public string? Caller { get; init; }

    /// <summary>How the caller authenticated (or tried to), e.g. <c>api-key</c>.</summary>
    public string? CallerMethod { get; init; }

    /// <summary>
    /// For an unknown caller: a non-reversible fingerprint of the key it presented (computed by whoever records
    /// the rejection, e.g. a keyed hash; stored as given). Never the key.
    /// </summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>The client's address.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public string? HttpMethod { get; init; }

    /// <summary>The route or path asked for, without the query string.</summary>
    public string? Path { get; init; }

    /// <summary>The request body's size in bytes, when known (the declared or read length).</summary>
    public long? BodyBytes { get; init; }

    /// <summary>The caller's <c>User-Agent</c>.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The Functions host's invocation id header, when present.</summary>
    public string? InvocationId { get; init; }
}
