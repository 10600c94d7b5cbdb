using System.Text;
using System.Text.Json.Nodes;

namespace Functions.Tests.Auth;

/// <summary>
/// <c>X-MS-CLIENT-PRINCIPAL</c> values as Easy Auth builds them for an app-only Entra ID token: claims
/// after the default claim mapping (object id, tenant and roles as URIs), base64 of the JSON.
/// </summary>
public static class TestPrincipal
{
    public const string RoleType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    public static string For(string appId = TestIssuer.ListedAppId, string tenantId = TestIssuer.TenantId, string authType = "aad", params string[] roles)
    {
        var claims = new JsonArray
        {
            Claim("aud", TestIssuer.FacadeAppIdUri),
            Claim("iss", TestIssuer.V1Issuer),
            Claim("appid", appId),
            Claim("appidacr", "2"),
            Claim("http://schemas.microsoft.com/identity/claims/identityprovider", TestIssuer.V1Issuer),
            Claim("http://schemas.microsoft.com/identity/claims/objectidentifier", TestIssuer.ListedAppObjectId),
            Claim("http://schemas.microsoft.com/identity/claims/tenantid", tenantId),
            Claim("ver", "1.0"),
        };
        foreach (var role in roles.Length == 0 ? [TestIssuer.Role] : roles) claims.Add(Claim(RoleType, role));
        return Encode(new JsonObject
        {
            ["auth_typ"] = authType,
            ["claims"] = claims,
            ["name_typ"] = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
            ["role_typ"] = RoleType,
        }.ToJsonString());
    }

    public static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private static JsonObject Claim(string type, string value) => new() { ["typ"] = type, ["val"] = value };
}
