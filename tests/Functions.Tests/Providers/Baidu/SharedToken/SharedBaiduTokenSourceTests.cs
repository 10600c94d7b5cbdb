using System.Text;
using Functions.Core.Errors;
using Functions.Core.Providers.Baidu;
using Functions.Core.Providers.Baidu.SharedToken;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Testing;

namespace Functions.Tests.Providers.Baidu.SharedToken;

/// <summary>
/// The shared token against a real Azurite table: instances (several sources on one table) mint once between
/// them, replace a refused token only while it is stored, and mint alone when the table is unreachable.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedBaiduTokenSourceTests(AzuriteFixture azurite)
{
    private readonly SharedTokenRig _rig = new(azurite.CreateServiceClient());

    [Fact]
    public async Task TwoColdInstancesAtOnce_MintOneTokenAndBothUseIt()
    {
        var (a, logA) = _rig.Instance();
        var (b, logB) = _rig.Instance();
        _rig.Minter.Gate = new TaskCompletionSource();

        var both = Task.WhenAll(a.FetchAsync(null, CancellationToken.None), b.FetchAsync(null, CancellationToken.None));
        await WaitUntilAsync(() => _rig.Minter.Calls == 1);
        // The other instance has found the claim and waits on it, while the first is still minting.
        await WaitUntilAsync(() => Count(logA, 3113) + Count(logB, 3113) > 0);
        _rig.Minter.Gate.SetResult();
        var tokens = await both;

        Assert.Equal(1, _rig.Minter.Calls);
        Assert.Equal(tokens[0].Value, tokens[1].Value);
    }

    [Fact]
    public async Task AColdInstance_UsesTheStoredTokenWithoutMinting()
    {
        var minted = await _rig.Instance().Source.FetchAsync(null, CancellationToken.None);

        var shared = await _rig.Instance().Source.FetchAsync(null, CancellationToken.None);

        Assert.Equal((minted.Value, minted.Lifetime), (shared.Value, shared.Lifetime));
        Assert.Equal(minted.ObtainedAt, shared.ObtainedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _rig.Minter.Calls);
    }

    [Fact]
    public async Task ARefusedToken_IsReplacedOnce_AndTheOtherInstanceGetsTheReplacement()
    {
        var (a, _) = _rig.Instance();
        var (b, _) = _rig.Instance();
        var refused = await a.FetchAsync(null, CancellationToken.None);

        var renewed = await a.FetchAsync(refused.Value, CancellationToken.None);
        var other = await b.FetchAsync(refused.Value, CancellationToken.None);

        Assert.NotEqual(refused.Value, renewed.Value);
        Assert.Equal(renewed.Value, other.Value);
        Assert.Equal(2, _rig.Minter.Calls);
    }

    [Fact]
    public async Task ALateRefusal_LeavesTheNewerTokenStored()
    {
        var (a, _) = _rig.Instance();
        var refused = await a.FetchAsync(null, CancellationToken.None);
        var renewed = await a.FetchAsync(refused.Value, CancellationToken.None);
        var before = await _rig.RowAsync();

        var late = await _rig.Instance().Source.FetchAsync(refused.Value, CancellationToken.None);
        var after = await _rig.RowAsync();

        Assert.Equal(renewed.Value, late.Value);
        Assert.Equal(before!.ETag, after!.ETag);
        Assert.Equal(2, _rig.Minter.Calls);
    }

    [Fact]
    public async Task WhileAnotherInstanceRefreshes_TheStillUsableTokenIsUsedWithoutWaiting()
    {
        // 8-minute token obtained 5 minutes ago: due for refresh (from 4.5 min) but not stale (until 6 min).
        var kept = new BaiduAccessToken("24.kept-token", DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(8));
        await StoreAsync(kept, claimId: "other-instance", claimUntil: DateTimeOffset.UtcNow.AddMinutes(1));

        var token = await _rig.Instance().Source.FetchAsync(null, CancellationToken.None);

        Assert.Equal(kept.Value, token.Value);
        Assert.Equal(0, _rig.Minter.Calls);
    }

    [Fact]
    public async Task ATokenDueForRefresh_IsReplacedByTheInstanceThatFindsIt()
    {
        var due = new BaiduAccessToken("24.due-token", DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(8));
        await StoreAsync(due);

        var token = await _rig.Instance().Source.FetchAsync(null, CancellationToken.None);

        Assert.NotEqual(due.Value, token.Value);
        Assert.Equal(token.Value, (await _rig.Instance().Source.FetchAsync(null, CancellationToken.None)).Value);
        Assert.Equal(1, _rig.Minter.Calls);
    }

    [Fact]
    public async Task AClaimLeftByAnInstanceThatDied_IsTakenOverOnceItLapses()
    {
        await StoreAsync(null, claimId: "dead-instance", claimUntil: DateTimeOffset.UtcNow.AddSeconds(-1));

        var token = await _rig.Instance().Source.FetchAsync(null, CancellationToken.None);
        var row = await _rig.RowAsync();

        Assert.Equal(1, _rig.Minter.Calls);
        Assert.Null(row!.GetString("ClaimId"));
        Assert.Equal(token.Value, new BaiduTokenSeal(SharedTokenRig.ApiKey, SharedTokenRig.SecretKey).Open(row.GetBinary("SealedToken")!));
    }

    [Fact]
    public async Task AFailedMint_GivesTheClaimBackSoAnotherInstanceNeedNotWait()
    {
        _rig.Minter.Failure = new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamUnreachable, "Could not get a Baidu access token.");
        await Assert.ThrowsAsync<FacadeException>(() => _rig.Instance().Source.FetchAsync(null, CancellationToken.None));
        var row = await _rig.RowAsync();
        _rig.Minter.Failure = null;

        await _rig.Instance().Source.FetchAsync(null, CancellationToken.None);

        Assert.Null(row!.GetString("ClaimId"));
        Assert.Equal(2, _rig.Minter.Calls);
    }

    [Fact]
    public async Task ATokenSealedUnderAnotherSecretKey_IsReplaced()
    {
        await _rig.Instance().Source.FetchAsync(null, CancellationToken.None);
        var (rotated, logger) = _rig.Instance(secretKey: "rotated-secret-key");

        var token = await rotated.FetchAsync(null, CancellationToken.None);

        Assert.Equal(2, _rig.Minter.Calls);
        Assert.Equal(token.Value, (await _rig.Instance("rotated-secret-key").Source.FetchAsync(null, CancellationToken.None)).Value);
        Assert.Equal(1, Count(logger, 3117));
    }

    [Fact]
    public async Task TheTableHoldsTheTokenOnlySealed_AndNeitherKey()
    {
        var token = await _rig.Instance().Source.FetchAsync(null, CancellationToken.None);
        var row = await _rig.RowAsync();

        Assert.NotNull(row);
        var stored = string.Join("\n", row.Select(p => p.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) + Convert.ToBase64String(bytes) : p.Value.ToString()))
            + row.PartitionKey + row.RowKey;
        foreach (var secret in new[] { token.Value, token.Value[3..], SharedTokenRig.ApiKey, SharedTokenRig.SecretKey })
            Assert.DoesNotContain(secret, stored);
    }

    [Fact]
    public async Task AnUnreachableTable_MeansMintingAlone_LoggedOncePerOutage()
    {
        var fault = new TableFaultPolicy { Down = true };
        var rig = new SharedTokenRig(azurite.CreateServiceClient(fault));
        var (a, logger) = rig.Instance();

        var first = await a.FetchAsync(null, CancellationToken.None);
        var second = await a.FetchAsync(first.Value, CancellationToken.None);
        fault.Down = false;
        var third = await a.FetchAsync(second.Value, CancellationToken.None);
        var shared = await rig.Instance().Source.FetchAsync(null, CancellationToken.None);

        Assert.Equal(3, rig.Minter.Calls);
        Assert.Equal(third.Value, shared.Value);
        Assert.Equal((1, 1), (Count(logger, 3114), Count(logger, 3115)));
        var messages = Text(logger);
        foreach (var token in new[] { first, second, third }) Assert.DoesNotContain(token.Value, messages);
    }

    [Fact]
    public async Task Logs_AtEveryLevel_NeverHoldTheToken()
    {
        var (a, logA) = _rig.Instance();
        var (b, logB) = _rig.Instance();
        _rig.Minter.Gate = new TaskCompletionSource();
        var both = Task.WhenAll(a.FetchAsync(null, CancellationToken.None), b.FetchAsync(null, CancellationToken.None));
        await WaitUntilAsync(() => _rig.Minter.Calls == 1);
        await WaitUntilAsync(() => Count(logA, 3113) + Count(logB, 3113) > 0);
        _rig.Minter.Gate.SetResult();
        var first = (await both)[0];
        var second = await a.FetchAsync(first.Value, CancellationToken.None);
        await b.FetchAsync(first.Value, CancellationToken.None);
        var (rotated, logRotated) = _rig.Instance("rotated-secret-key");
        var third = await rotated.FetchAsync(null, CancellationToken.None);

        var messages = string.Join("\n", Text(logA), Text(logB), Text(logRotated));
        Assert.True(Count(logA, 3113) + Count(logB, 3113) > 0);
        Assert.True(Count(logA, 3112) > 0);
        Assert.True(Count(logB, 3111) > 0);
        foreach (var token in new[] { first, second, third }) Assert.DoesNotContain(token.Value, messages);
        Assert.DoesNotContain(SharedTokenRig.SecretKey, messages);
    }

    private async Task StoreAsync(BaiduAccessToken? token, string? claimId = null, DateTimeOffset? claimUntil = null)
    {
        var seal = new BaiduTokenSeal(SharedTokenRig.ApiKey, SharedTokenRig.SecretKey);
        await _rig.Table.CreateIfNotExistsAsync(CancellationToken.None);
        await _rig.Table.AddEntityAsync(StoredBaiduToken.ToEntity(seal, token, claimId, claimUntil), CancellationToken.None);
    }

    private static int Count(FakeLogger logger, int eventId) => logger.Collector.GetSnapshot().Count(r => r.Id.Id == eventId);

    private static string Text(FakeLogger logger) => string.Join("\n", logger.Collector.GetSnapshot().Select(r => r.Message + r.Exception));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
