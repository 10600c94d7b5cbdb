namespace Functions.Core.Audit;

/// <summary>What the audit records before a call goes upstream.</summary>
public sealed record AuditStart
{
    /// <summary>The call's id (the <c>x-request-id</c> the facade answers with).</summary>
    public required string RequestId { get; init; }

    /// <summary>When the call arrived; it decides the record's day.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Who made the call (name, method, and for Entra ID callers app id, object id, tenant).</summary>
    public required Caller Caller { get; init; }

    /// <summary><see cref="AuditRoute.Unified"/> or <see cref="AuditRoute.Native"/>.</summary>
    public required AuditRoute Route { get; init; }

    /// <summary>The provider the call goes to, e.g. <c>baidu</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>The model as the caller named it.</summary>
    public required string Model { get; init; }

    /// <summary>The upstream target (endpoint or deployment) the call is sent to.</summary>
    public string? Target { get; init; }

    /// <summary>Whether the caller asked for a stream.</summary>
    public bool Stream { get; init; }

    /// <summary>The request JSON exactly as received (messages, system, tools, parameters). Never truncated.</summary>
    public required string PromptReceived { get; init; }

    /// <summary>The JSON sent upstream after translation. Never truncated.</summary>
    public string? PromptSent { get; init; }

    /// <summary>The caller's <c>User-Agent</c>.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The Functions host's invocation id header, when present.</summary>
    public string? InvocationId { get; init; }
}
