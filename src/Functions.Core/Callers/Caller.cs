namespace Functions.Core.Callers;

/// <summary>
/// Who made a call, as the audit records it. Key callers have a configured name; Entra ID callers
/// also carry their app id, object id and tenant.
/// </summary>
/// <param name="Name">The display name: the configured caller name.</param>
/// <param name="Method">How the caller proved who it is: <c>api-key</c>, <c>entra-id</c>, <c>easy-auth</c>.</param>
public sealed record Caller(string Name, string Method)
{
    public string? AppId { get; init; }
    public string? ObjectId { get; init; }
    public string? TenantId { get; init; }

    /// <summary>Models this caller may use; <c>null</c> means every configured model.</summary>
    public IReadOnlySet<string>? AllowedModels { get; init; }
}
