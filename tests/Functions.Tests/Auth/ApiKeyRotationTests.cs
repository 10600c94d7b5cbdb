using Functions.Core.Callers;
using Functions.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Functions.Tests.Auth;

/// <summary><c>Callers:N:PreviousKeySha256</c>: during a key rotation the old key and the new one both name the caller.</summary>
public sealed class ApiKeyRotationTests
{
    private const string OldKey = "sk-old-key-of-batch-job";
    private const string NewKey = "sk-new-key-of-batch-job";

    private static ApiKeyCallerAuthenticator Authenticator(string? previous) => new(Options.Create(new CallerListOptions
    {
        Callers = [new CallerOptions { Name = "batch-job", KeySha256 = FacadeHost.Sha256(NewKey), PreviousKeySha256 = previous, Models = ["lanrui-llama"] }],
    }));

    private static async Task<Caller?> PresentAsync(ApiKeyCallerAuthenticator authenticator, string key)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + key;
        return await authenticator.AuthenticateAsync(context);
    }

    [Fact]
    public async Task DuringTheOverlap_TheOldAndTheNewKeyBothNameTheCallerWithItsAllowlist()
    {
        var authenticator = Authenticator(previous: FacadeHost.Sha256(OldKey));

        var withOld = await PresentAsync(authenticator, OldKey);
        var withNew = await PresentAsync(authenticator, NewKey);

        Assert.Equal("batch-job", withOld?.Name);
        Assert.Equal("batch-job", withNew?.Name);
        Assert.Equal(["lanrui-llama"], withOld!.AllowedModels!);
        Assert.Null(await PresentAsync(authenticator, "sk-some-other-key"));
    }

    [Fact]
    public async Task AfterTheOverlap_OnlyTheNewKeyIsAccepted()
    {
        var authenticator = Authenticator(previous: null);

        Assert.Null(await PresentAsync(authenticator, OldKey));
        Assert.Equal("batch-job", (await PresentAsync(authenticator, NewKey))?.Name);
    }

    [Fact]
    public void APreviousHashThatIsNotSha256Hex_IsAStartupProblemNamingTheSetting()
    {
        var options = new CallerListOptions { Callers = [new CallerOptions { Name = "batch-job", KeySha256 = FacadeHost.Sha256(NewKey), PreviousKeySha256 = "not-a-hash" }] };

        Assert.Contains(options.Problems(), p => p.StartsWith("Callers:0:PreviousKeySha256 ", StringComparison.Ordinal));
    }
}
