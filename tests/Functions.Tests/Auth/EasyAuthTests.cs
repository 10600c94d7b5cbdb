using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Emulators;
using Functions.Core.Callers;
using Functions.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Functions.Tests.Auth;

/// <summary>
/// <c>X-MS-CLIENT-PRINCIPAL</c> identifies the caller only when <c>WEBSITE_AUTH_ENABLED=True</c>; otherwise
/// anyone can send it through the Functions host, and it is ignored.
/// </summary>
public sealed class EasyAuthTests
{
    private static readonly Dictionary<string, string?> EasyAuthOn = new()
    {
        ["WEBSITE_AUTH_ENABLED"] = "True",
        ["Auth:Entra:RequiredRoles:0"] = TestIssuer.Role,
        ["Auth:Entra:Apps:0:AppId"] = TestIssuer.ListedAppId,
        ["Auth:Entra:Apps:0:Name"] = TestIssuer.ListedAppName,
        ["Auth:Entra:Apps:0:Models:0"] = LanruiEnvironment.Model,
    };

    [Theory]
    [InlineData(null)]
    [InlineData("False")]
    public async Task ForgedPrincipal_WhenEasyAuthIsOff_IsIgnored(string? enabled)
    {
        var settings = AuthTestSettings.WithLargeModel();
        settings["WEBSITE_AUTH_ENABLED"] = enabled;
        await using var env = await LanruiEnvironment.StartAsync(settings);
        using var http = FacadeHttp.WithHeader(env.Facade.Address, EasyAuthCallerAuthenticator.PrincipalHeader, TestPrincipal.For());

        using var response = await http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));

        Assert.DoesNotContain(env.Facade.Services.GetServices<ICallerAuthenticator>(), a => a is EasyAuthCallerAuthenticator);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await response.ErrorAsync())["code"]!.GetValue<string>());
        Assert.Equal(0, env.Emulator.RequestCount);
    }

    [Fact]
    public async Task ForgedPrincipal_WhenEasyAuthIsOff_DoesNotWidenAKeyCallersAllowlist()
    {
        var settings = AuthTestSettings.WithLargeModel();
        settings["Callers:0:Models:0"] = LanruiEnvironment.Model;
        await using var env = await LanruiEnvironment.StartAsync(settings);
        env.Facade.Http.DefaultRequestHeaders.Add(EasyAuthCallerAuthenticator.PrincipalHeader, TestPrincipal.For(TestIssuer.UnlistedAppId));

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(AuthTestSettings.LargeModel, "Hi"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("model_not_allowed", (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Principal_WhenEasyAuthIsOn_IsTheCallerWithItsAllowlist()
    {
        await using var env = await LanruiEnvironment.StartAsync(AuthTestSettings.WithLargeModel(new(EasyAuthOn)));
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["via Easy Auth"] });
        using var http = FacadeHttp.WithHeader(env.Facade.Address, EasyAuthCallerAuthenticator.PrincipalHeader, TestPrincipal.For());

        using var allowed = await http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));
        using var forbidden = await http.PostChatAsync(FacadeHttp.ChatJson(AuthTestSettings.LargeModel, "Hi"));
        var models = JsonNode.Parse(await http.GetStringAsync("v1/models"))!["data"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("via Easy Auth", await allowed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("model_not_allowed", (await forbidden.ErrorAsync())["code"]!.GetValue<string>());
        Assert.Equal(LanruiEnvironment.Model, Assert.Single(models)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Principal_WithMappedClaimNames_GivesTheSameIdentityAsAToken()
    {
        await using var facade = await FacadeHost.StartAsync(EasyAuthOn);
        var authenticator = facade.Services.GetServices<ICallerAuthenticator>().OfType<EasyAuthCallerAuthenticator>().Single();
        var context = new DefaultHttpContext();
        context.Request.Headers[EasyAuthCallerAuthenticator.PrincipalHeader] = TestPrincipal.For();

        var caller = await authenticator.AuthenticateAsync(context);

        Assert.NotNull(caller);
        Assert.Equal(TestIssuer.ListedAppName, caller.Name);
        Assert.Equal(EasyAuthCallerAuthenticator.Method, caller.Method);
        Assert.Equal(TestIssuer.ListedAppId, caller.AppId);
        Assert.Equal(TestIssuer.ListedAppObjectId, caller.ObjectId);
        Assert.Equal(TestIssuer.TenantId, caller.TenantId);
    }

    [Theory]
    [InlineData("not-base64", "malformed")]
    [InlineData("json-array", "malformed")]
    [InlineData("other-provider", "not from Entra ID")]
    [InlineData("missing-role", "none of the required app roles")]
    [InlineData("no-app-id", "names no client app")]
    public async Task Principal_WhenEasyAuthIsOn_ButUnacceptable_Is401(string problem, string reason)
    {
        await using var facade = await FacadeHost.StartAsync(EasyAuthOn);
        var header = problem switch
        {
            "not-base64" => "{not base64}",
            "json-array" => TestPrincipal.Encode("[]"),
            "other-provider" => TestPrincipal.For(authType: "google"),
            "missing-role" => TestPrincipal.For(roles: "Something.Else"),
            "no-app-id" => TestPrincipal.Encode("""{"auth_typ":"aad","claims":[{"typ":"roles","val":"Facade.Call"}]}"""),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        using var http = FacadeHttp.WithHeader(facade.Address, EasyAuthCallerAuthenticator.PrincipalHeader, header);

        using var response = await http.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("invalid_token", error["code"]!.GetValue<string>());
        Assert.Contains(reason, error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Principal_WithAnInvalidBearerToken_DoesNotRescueTheToken()
    {
        await using var oidc = await OidcTestServer.StartAsync();
        var settings = oidc.FacadeSettings(LanruiEnvironment.Model);
        settings["WEBSITE_AUTH_ENABLED"] = "True";
        await using var facade = await FacadeHost.StartAsync(settings);
        var expired = oidc.Issuer.CreateToken(new TokenSpec { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddHours(-1) });
        using var http = FacadeHttp.WithHeader(facade.Address, EasyAuthCallerAuthenticator.PrincipalHeader, TestPrincipal.For());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", expired);

        using var response = await http.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("the token has expired", (await response.ErrorAsync())["message"]!.GetValue<string>());
    }
}
