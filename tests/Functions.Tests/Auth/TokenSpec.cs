using Microsoft.IdentityModel.Tokens;

namespace Functions.Tests.Auth;

/// <summary>What goes into a test access token; every default gives a valid v2.0 token of the listed app.</summary>
public sealed record TokenSpec
{
    public string Issuer { get; init; } = TestIssuer.V2Issuer;
    public string Audience { get; init; } = TestIssuer.FacadeClientId;

    /// <summary><c>azp</c> (v2.0), <c>appid</c> (v1.0), or empty for a token that names no app.</summary>
    public string AppIdClaim { get; init; } = "azp";
    public string AppId { get; init; } = TestIssuer.ListedAppId;
    public string ObjectId { get; init; } = TestIssuer.ListedAppObjectId;
    public string TenantId { get; init; } = TestIssuer.TenantId;
    public string[] Roles { get; init; } = [TestIssuer.Role];
    public DateTimeOffset NotBefore { get; init; } = DateTimeOffset.UtcNow.AddMinutes(-5);
    public DateTimeOffset Expires { get; init; } = DateTimeOffset.UtcNow.AddHours(1);

    /// <summary>Sign with these instead of the issuer's published key.</summary>
    public SigningCredentials? SigningCredentials { get; init; }

    /// <summary>A valid v1.0 token: <c>sts.windows.net</c> issuer, <c>appid</c>, and the application id URI as audience.</summary>
    public static TokenSpec V1() => new() { Issuer = TestIssuer.V1Issuer, Audience = TestIssuer.FacadeAppIdUri, AppIdClaim = "appid" };
}
