namespace Functions.Core.Callers;

/// <summary>
/// The claims that identify a caller, in the short form a token carries and the URI form Easy Auth may
/// pass on after its default claim mapping.
/// </summary>
public static class EntraClaimTypes
{
    /// <summary>The client app id: <c>azp</c> (v2.0 tokens) first, then <c>appid</c> (v1.0 tokens).</summary>
    public static readonly string[] AppId = ["azp", "appid"];

    /// <summary>The caller's object id.</summary>
    public static readonly string[] ObjectId = ["oid", "http://schemas.microsoft.com/identity/claims/objectidentifier"];

    /// <summary>The caller's tenant.</summary>
    public static readonly string[] TenantId = ["tid", "http://schemas.microsoft.com/identity/claims/tenantid"];

    /// <summary>The app roles granted to the caller.</summary>
    public static readonly string[] Roles = ["roles", "role", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];
}
