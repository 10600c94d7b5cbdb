using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using Emulators;
using Functions.Core.Callers;
using Functions.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Functions.Tests.Auth;

/// <summary>Entra ID access tokens, signed by a test tenant's key, through the facade to the Lanrui emulator.</summary>
public sealed class EntraIdTokenTests : IAsyncLifetime
{
    private OidcTestServer _oidc = null!;
    private LanruiEnvironment _env = null!;

    private TestIssuer Issuer => _oidc.Issuer;

    public async Task InitializeAsync()
    {
        _oidc = await OidcTestServer.StartAsync();
        _env = await LanruiEnvironment.StartAsync(AuthTestSettings.WithLargeModel(_oidc.FacadeSettings(LanruiEnvironment.Model)));
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _oidc.DisposeAsync();
    }

    [Fact]
    public async Task Chat_WithValidToken_ReachesTheModelThroughTheOfficialClient()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["Hello", " from Entra"] });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model, Issuer.CreateToken());

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("Hello from Entra", completion.Content[0].Text);
        Assert.Equal(1, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task Chat_WithV1TokenForTheAppIdUri_IsAccepted()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["v1"] });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model, Issuer.CreateToken(TokenSpec.V1()));

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("v1", completion.Content[0].Text);
    }

    [Fact]
    public async Task Token_IdentifiesTheListedAppByNameAppObjectAndTenant()
    {
        var caller = await AuthenticateAsync(Issuer.CreateToken());

        Assert.NotNull(caller);
        Assert.Equal(TestIssuer.ListedAppName, caller.Name);
        Assert.Equal(EntraIdCallerAuthenticator.Method, caller.Method);
        Assert.Equal(TestIssuer.ListedAppId, caller.AppId);
        Assert.Equal(TestIssuer.ListedAppObjectId, caller.ObjectId);
        Assert.Equal(TestIssuer.TenantId, caller.TenantId);
        Assert.Equal([LanruiEnvironment.Model], caller.AllowedModels!);
    }

    [Fact]
    public async Task Token_OfAnUnlistedApp_IsNamedByItsAppIdAndMayUseEveryModel()
    {
        var caller = await AuthenticateAsync(Issuer.CreateToken(TokenSpec.V1() with { AppId = TestIssuer.UnlistedAppId }));

        Assert.NotNull(caller);
        Assert.Equal(TestIssuer.UnlistedAppId, caller.Name);
        Assert.Equal(TestIssuer.UnlistedAppId, caller.AppId);
        Assert.Null(caller.AllowedModels);
    }

    [Fact]
    public async Task Models_ForTheListedApp_ListsOnlyItsAllowedModel()
    {
        using var http = FacadeHttp.WithHeader(_env.Facade.Address, "Authorization", "Bearer " + Issuer.CreateToken());

        var body = JsonNode.Parse(await http.GetStringAsync("v1/models"))!;

        var model = Assert.Single(body["data"]!.AsArray());
        Assert.Equal(LanruiEnvironment.Model, model!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_ForTheListedApp_WithAForbiddenModel_Is403ModelNotAllowed()
    {
        var client = _env.Facade.ChatClient(AuthTestSettings.LargeModel, Issuer.CreateToken());
        using var http = FacadeHttp.WithHeader(_env.Facade.Address, "Authorization", "Bearer " + Issuer.CreateToken());

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")]));
        using var response = await http.PostChatAsync(FacadeHttp.ChatJson(AuthTestSettings.LargeModel, "Hi"));

        Assert.Equal(403, error.Status);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("model_not_allowed", (await response.ErrorAsync())["code"]!.GetValue<string>());
        Assert.Equal(0, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task Chat_ForAnUnlistedApp_MayUseEveryModel()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["large"] });
        var token = Issuer.CreateToken(new TokenSpec { AppId = TestIssuer.UnlistedAppId });

        ChatCompletion completion = await _env.Facade.ChatClient(AuthTestSettings.LargeModel, token).CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("large", completion.Content[0].Text);
    }

    [Theory]
    [InlineData("expired", "the token has expired")]
    [InlineData("not-yet-valid", "the token is not valid yet")]
    [InlineData("wrong-audience", "the token is for another audience")]
    [InlineData("wrong-issuer", "the token is from another issuer")]
    [InlineData("signed-by-another-key", "the token's signature is not valid")]
    [InlineData("unknown-key", "the token's signature is not valid")]
    [InlineData("missing-role", "the token carries none of the required app roles")]
    [InlineData("other-tenant", "the token is from another tenant")]
    [InlineData("no-app-id", "the token names no client app")]
    [InlineData("malformed", "the token is malformed")]
    public async Task Token_WhenInvalid_Is401WithTheReasonAndNothingGoesUpstream(string problem, string reason)
    {
        var token = InvalidToken(problem);
        using var http = FacadeHttp.WithHeader(_env.Facade.Address, "Authorization", "Bearer " + token);

        using var response = await http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("invalid_token", error["code"]!.GetValue<string>());
        var message = error["message"]!.GetValue<string>();
        Assert.Contains(reason, message);
        foreach (var part in token.Split('.').Where(p => p.Length > 8)) Assert.DoesNotContain(part, message);
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, _env.Emulator.RequestCount);
    }

    [Fact]
    public async Task Token_WhenRejected_IsRejectedByTheOfficialClientToo()
    {
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model, InvalidToken("expired"));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task Metadata_IsFetchedOnceForManyTokens()
    {
        for (var i = 0; i < 3; i++) Assert.NotNull(await AuthenticateAsync(Issuer.CreateToken()));

        Assert.Equal(1, _oidc.MetadataRequests);
    }

    private string InvalidToken(string problem) => problem switch
    {
        "expired" => Issuer.CreateToken(new TokenSpec { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddHours(-1) }),
        "not-yet-valid" => Issuer.CreateToken(new TokenSpec { NotBefore = DateTimeOffset.UtcNow.AddHours(1), Expires = DateTimeOffset.UtcNow.AddHours(2) }),
        "wrong-audience" => Issuer.CreateToken(new TokenSpec { Audience = "api://some-other-api" }),
        "wrong-issuer" => Issuer.CreateToken(new TokenSpec { Issuer = "https://login.microsoftonline.com/3b1f0c8e-2d7a-4e95-8f64-c0a9b2d1e7f3/v2.0" }),
        "signed-by-another-key" => Issuer.CreateToken(new TokenSpec { SigningCredentials = TestIssuer.ForeignKey(TestIssuer.KeyId) }),
        "unknown-key" => Issuer.CreateToken(new TokenSpec { SigningCredentials = TestIssuer.ForeignKey("some-other-key") }),
        "missing-role" => Issuer.CreateToken(new TokenSpec { Roles = ["Something.Else"] }),
        "other-tenant" => Issuer.CreateToken(new TokenSpec { TenantId = "3b1f0c8e-2d7a-4e95-8f64-c0a9b2d1e7f3" }),
        "no-app-id" => Issuer.CreateToken(new TokenSpec { AppIdClaim = "" }),
        "malformed" => "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2lnbmF0dXJl",
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    private async Task<Functions.Core.Callers.Caller?> AuthenticateAsync(string token)
    {
        var authenticator = _env.Facade.Services.GetServices<ICallerAuthenticator>().OfType<EntraIdCallerAuthenticator>().Single();
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + token;
        return await authenticator.AuthenticateAsync(context);
    }
}
