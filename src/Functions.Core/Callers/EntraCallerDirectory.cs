namespace Functions.Core.Callers;

/// <summary>
/// Who the Entra ID callers are (<c>Auth:Entra:Apps</c>) and what every one of them needs: the tenant,
/// one of the required app roles and, if so configured, a place on the list. Shared by bearer tokens
/// checked in the app and by Easy Auth principals, so both give the same caller.
/// </summary>
public sealed class EntraCallerDirectory
{
    private readonly EntraIdOptions _options;
    private readonly Dictionary<string, EntraAppOptions> _apps;

    public EntraCallerDirectory(IOptions<EntraIdOptions> options)
    {
        _options = options.Value;
        _apps = _options.Apps.ToDictionary(a => Guid.Parse(a.AppId!).ToString(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The caller for an identity, or a 401 <c>invalid_token</c> saying what is missing.</summary>
    /// <param name="identity">What the token says.</param>
    /// <param name="method">How it was checked: <c>entra-id</c> or <c>easy-auth</c>.</param>
    public Caller Admit(EntraIdentity identity, string method)
    {
        if (_options.TenantId is { Length: > 0 } tenant && !string.Equals(identity.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
            throw FacadeErrors.InvalidToken("the token is from another tenant");
        if (_options.RequiredRoles.Count > 0 && !identity.Roles.Any(r => _options.RequiredRoles.Contains(r, StringComparer.Ordinal)))
            throw FacadeErrors.InvalidToken("the token carries none of the required app roles");

        var app = Find(identity.AppId);
        if (app is null && _options.RequireListedApps)
            throw FacadeErrors.InvalidToken("the calling app is not registered with this facade");
        return new Caller(string.IsNullOrWhiteSpace(app?.Name) ? identity.AppId : app.Name, method)
        {
            AppId = identity.AppId,
            ObjectId = identity.ObjectId,
            TenantId = identity.TenantId,
            AllowedModels = app is { Models.Count: > 0 } ? app.Models.ToHashSet(StringComparer.Ordinal) : null,
        };
    }

    private EntraAppOptions? Find(string appId) =>
        Guid.TryParse(appId, out var id) && _apps.TryGetValue(id.ToString(), out var app) ? app : null;
}
