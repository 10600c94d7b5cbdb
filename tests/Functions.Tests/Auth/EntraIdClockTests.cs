using Functions.Core.Callers;
using Functions.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Functions.Tests.Auth;

/// <summary>Token lifetimes against the injected clock, with the configured clock skew.</summary>
public sealed class EntraIdClockTests : IAsyncLifetime
{
    private static readonly DateTimeOffset IssuedAt = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiresAt = IssuedAt.AddHours(1);

    // A fake clock only moves forward: each test starts before the token was issued and sets the time it needs.
    private readonly FakeTimeProvider _clock = new(IssuedAt.AddHours(-1));
    private OidcTestServer _oidc = null!;
    private EntraIdCallerAuthenticator _authenticator = null!;

    public async Task InitializeAsync()
    {
        _oidc = await OidcTestServer.StartAsync();
        var options = Options.Create(new EntraIdOptions
        {
            TenantId = TestIssuer.TenantId,
            Audience = TestIssuer.FacadeAppIdUri,
            MetadataAddress = _oidc.MetadataAddress,
            RequireHttpsMetadata = false,
            ClockSkew = TimeSpan.FromMinutes(2),
        });
        _authenticator = new EntraIdCallerAuthenticator(options, new EntraCallerDirectory(options), _clock, NullLogger<EntraIdCallerAuthenticator>.Instance);
    }

    public async Task DisposeAsync()
    {
        _authenticator.Dispose();
        await _oidc.DisposeAsync();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(119)]
    public async Task Token_ExpiredLessThanTheClockSkewAgo_IsAccepted(int secondsAfterExpiry)
    {
        _clock.SetUtcNow(ExpiresAt.AddSeconds(secondsAfterExpiry));

        var caller = await AuthenticateAsync();

        Assert.Equal(TestIssuer.ListedAppId, caller?.AppId);
    }

    [Theory]
    [InlineData(121)]
    [InlineData(3600)]
    public async Task Token_ExpiredMoreThanTheClockSkewAgo_IsRejectedAsExpired(int secondsAfterExpiry)
    {
        _clock.SetUtcNow(ExpiresAt.AddSeconds(secondsAfterExpiry));

        var error = await Assert.ThrowsAsync<FacadeException>(() => AuthenticateAsync());

        Assert.Equal(401, error.Status);
        Assert.Contains("the token has expired", error.Message);
    }

    [Fact]
    public async Task Token_UsedBeforeItsNotBeforeTimePlusSkew_IsRejectedAsNotValidYet()
    {
        _clock.SetUtcNow(IssuedAt.AddMinutes(-3));

        var error = await Assert.ThrowsAsync<FacadeException>(() => AuthenticateAsync());

        Assert.Contains("the token is not valid yet", error.Message);
    }

    private async Task<Functions.Core.Callers.Caller?> AuthenticateAsync()
    {
        var token = _oidc.Issuer.CreateToken(new TokenSpec { NotBefore = IssuedAt, Expires = ExpiresAt });
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + token;
        return await _authenticator.AuthenticateAsync(context);
    }
}
