using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Functions.Tests.Auth;

/// <summary>
/// A stand-in for an Entra ID tenant: one RSA signing key whose public half the
/// <see cref="OidcTestServer"/> publishes, and access tokens shaped like Entra's.
/// </summary>
public sealed class TestIssuer : IDisposable
{
    public const string TenantId = "8f3c2a61-5b7e-4d0a-9c1f-2e6b4a7d9c10";
    public const string FacadeClientId = "0c6f1e52-3a9d-4b87-8e21-7f4a5d6c3b90";
    public const string FacadeAppIdUri = "api://" + FacadeClientId;
    public const string Role = "Facade.Call";

    /// <summary>An app listed in the facade's settings as <see cref="ListedAppName"/>, allowed one model.</summary>
    public const string ListedAppId = "5d2b7c94-1e3f-4a68-b0c5-9a8e7f6d4c21";
    public const string ListedAppName = "report-builder";
    public const string ListedAppObjectId = "e4a1c7b3-9d2f-4e85-a6c0-3b7f1d9e5a42";

    /// <summary>An app with a valid token that the settings do not list.</summary>
    public const string UnlistedAppId = "a7e3d1f9-6c4b-4f20-8d5e-1b9c7a3f6e08";

    public const string KeyId = "test-signing-key";

    private readonly RSA _rsa = RSA.Create(2048);

    public TestIssuer() => SigningKey = new RsaSecurityKey(_rsa) { KeyId = KeyId };

    public static string V2Issuer => $"https://login.microsoftonline.com/{TenantId}/v2.0";
    public static string V1Issuer => $"https://sts.windows.net/{TenantId}/";

    /// <summary>The key the published metadata names.</summary>
    public RsaSecurityKey SigningKey { get; }

    /// <summary>The JSON Web Key Set with the public half of <see cref="SigningKey"/>.</summary>
    public string Jwks()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        var key = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        return new JsonObject { ["keys"] = new JsonArray(key) }.ToJsonString();
    }

    /// <summary>A signed access token as <paramref name="spec"/> describes it (by default a valid v2.0 app token).</summary>
    public string CreateToken(TokenSpec? spec = null)
    {
        spec ??= new TokenSpec();
        var claims = new Dictionary<string, object>
        {
            ["oid"] = spec.ObjectId,
            ["tid"] = spec.TenantId,
            ["idtyp"] = "app",
            ["ver"] = spec.Issuer.EndsWith("/v2.0", StringComparison.Ordinal) ? "2.0" : "1.0",
        };
        if (spec.AppIdClaim.Length > 0) claims[spec.AppIdClaim] = spec.AppId;
        if (spec.Roles.Length > 0) claims["roles"] = spec.Roles;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            Claims = claims,
            IssuedAt = spec.NotBefore.UtcDateTime,
            NotBefore = spec.NotBefore.UtcDateTime,
            Expires = spec.Expires.UtcDateTime,
            SigningCredentials = spec.SigningCredentials ?? new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Credentials of a key the metadata does not publish; <paramref name="keyId"/> may impersonate the real one.</summary>
    public static SigningCredentials ForeignKey(string keyId) =>
        new(new RsaSecurityKey(RSA.Create(2048)) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);

    public void Dispose() => _rsa.Dispose();
}
