namespace Functions.Core.Callers;

/// <summary>
/// What an Entra ID token (checked here or by Easy Auth) says about the calling app, before the facade
/// decides whether and as whom to let it in.
/// </summary>
/// <param name="AppId">The client app: <c>azp</c> in v2.0 tokens, <c>appid</c> in v1.0 tokens.</param>
/// <param name="ObjectId">The caller's object id (<c>oid</c>): for a managed identity, its principal id.</param>
/// <param name="TenantId">The caller's tenant (<c>tid</c>).</param>
/// <param name="Roles">The app roles granted to the caller (<c>roles</c>).</param>
public sealed record EntraIdentity(string AppId, string? ObjectId, string? TenantId, IReadOnlyCollection<string> Roles);
