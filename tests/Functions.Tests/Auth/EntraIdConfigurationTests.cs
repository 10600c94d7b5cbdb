using System.Net;
using Functions.Core.Callers;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Functions.Tests.Auth;

/// <summary>Start-up checks of <c>Auth:Entra</c>, and what the facade does when Entra ID is off or unreachable.</summary>
public sealed class EntraIdConfigurationTests
{
    private const string Tenant = TestIssuer.TenantId;

    [Theory]
    [InlineData("Auth:Entra:TenantId", "contoso.onmicrosoft.com", "Auth:Entra:TenantId")]
    [InlineData("Auth:Entra:Audience", "", "Auth:Entra:Audience")]
    [InlineData("Auth:Entra:MetadataAddress", "http://login.example/meta", "Auth:Entra:MetadataAddress")]
    [InlineData("Auth:Entra:MetadataAddress", "not a url", "Auth:Entra:MetadataAddress")]
    [InlineData("Auth:Entra:Instance", "http://login.microsoftonline.com/", "Auth:Entra:Instance")]
    [InlineData("Auth:Entra:ClockSkew", "00:10:00", "Auth:Entra:ClockSkew")]
    [InlineData("Auth:Entra:Apps:0:AppId", "", "Auth:Entra:Apps:0:AppId")]
    [InlineData("Auth:Entra:Apps:0:AppId", "report-builder", "Auth:Entra:Apps:0:AppId")]
    [InlineData("Auth:Entra:Apps:1:AppId", TestIssuer.ListedAppId, "Auth:Entra:Apps:1:AppId")]
    [InlineData("Auth:Entra:RequiredRoles:0", "", "Auth:Entra:RequiredRoles:0")]
    public async Task StartUp_WithABadEntraSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        var settings = ValidSettings();
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => FacadeHost.StartAsync(settings));

        Assert.StartsWith(named + " ", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task StartUp_WithAnAudienceButNoTenant_FailsNamingTheTenant()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => FacadeHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Entra:Audience"] = TestIssuer.FacadeAppIdUri,
        }));

        Assert.StartsWith("Auth:Entra:TenantId ", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task StartUp_WithAMetadataAddressButNoTenant_FailsNamingTheTenant()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => FacadeHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Entra:MetadataAddress"] = "https://login.example/meta",
            ["Auth:Entra:Audience"] = TestIssuer.FacadeAppIdUri,
        }));

        Assert.StartsWith("Auth:Entra:TenantId is missing", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task Token_WhenEntraIsNotConfigured_IsNotAcceptedAsAnApiKey()
    {
        await using var facade = await FacadeHost.StartAsync(new Dictionary<string, string?>());
        using var issuer = new TestIssuer();
        using var http = FacadeHttp.WithHeader(facade.Address, "Authorization", "Bearer " + issuer.CreateToken());

        using var response = await http.GetAsync("v1/models");

        Assert.DoesNotContain(facade.Services.GetServices<ICallerAuthenticator>(), a => a is EntraIdCallerAuthenticator);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_WhenTheMetadataCannotBeRead_Is503AuthUnavailable()
    {
        var settings = ValidSettings();
        settings["Auth:Entra:MetadataAddress"] = "http://127.0.0.1:1/" + Tenant + "/v2.0/.well-known/openid-configuration";
        settings["Auth:Entra:RequireHttpsMetadata"] = "false";
        await using var facade = await FacadeHost.StartAsync(settings);
        using var issuer = new TestIssuer();
        using var http = FacadeHttp.WithHeader(facade.Address, "Authorization", "Bearer " + issuer.CreateToken());

        using var response = await http.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("auth_unavailable", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_OfAnUnlistedApp_WhenListedAppsAreRequired_Is401()
    {
        await using var oidc = await OidcTestServer.StartAsync();
        var settings = oidc.FacadeSettings(LanruiEnvironment.Model);
        settings["Auth:Entra:RequireListedApps"] = "true";
        await using var facade = await FacadeHost.StartAsync(settings);
        using var listed = FacadeHttp.WithHeader(facade.Address, "Authorization", "Bearer " + oidc.Issuer.CreateToken());
        using var unlisted = FacadeHttp.WithHeader(facade.Address, "Authorization",
            "Bearer " + oidc.Issuer.CreateToken(new TokenSpec { AppId = TestIssuer.UnlistedAppId }));

        using var listedResponse = await listed.GetAsync("v1/models");
        using var unlistedResponse = await unlisted.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.OK, listedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unlistedResponse.StatusCode);
        Assert.Contains("not registered with this facade", (await unlistedResponse.ErrorAsync())["message"]!.GetValue<string>());
    }

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Auth:Entra:TenantId"] = Tenant,
        ["Auth:Entra:Audience"] = TestIssuer.FacadeAppIdUri,
        ["Auth:Entra:Apps:0:AppId"] = TestIssuer.ListedAppId,
        ["Auth:Entra:Apps:0:Name"] = TestIssuer.ListedAppName,
    };
}
