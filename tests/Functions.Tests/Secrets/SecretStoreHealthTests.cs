using Functions.Core.Secrets;

namespace Functions.Tests.Secrets;

/// <summary>What a readiness endpoint sees of the Key Vault store.</summary>
public sealed class SecretStoreHealthTests
{
    private static readonly string[] Names =
        [SecretNames.LanruiApiKey, SecretNames.BaiduApiKey, SecretNames.BaiduSecretKey, SecretNames.MindIEApiKey, SecretNames.MindIEClientCertificate];

    [Fact]
    public async Task Status_BeforeAnyRead_IsUnknownAndTouchesNothing()
    {
        await using var cached = await CachedVault.StartAsync();

        Assert.Equal(new SecretStoreStatus(SecretStoreState.Unknown, null, null, null, null), cached.Store.Status);
        Assert.Empty(cached.Vault.Requests);
    }

    [Fact]
    public async Task Check_WithTheVaultUp_IsReadyAndWarmsTheCacheForEverySecret()
    {
        await using var cached = await CachedVault.StartAsync();
        cached.Vault.SetSecret(SecretNames.LanruiApiKey, "lanrui-value");

        var status = await cached.Store.CheckAsync(Names, CancellationToken.None);
        await cached.Store.CheckAsync(Names, CancellationToken.None);

        Assert.Equal(SecretStoreState.Ready, status.State);
        Assert.Equal(cached.Time.GetUtcNow(), status.LastSuccess);
        Assert.Null(status.LastError);
        Assert.Equal(Names.Length, cached.Vault.SecretReads);
    }

    [Fact]
    public async Task Check_DuringAnOutageWithCachedValues_IsDegradedWithTheCause()
    {
        await using var cached = await CachedVault.StartAsync();
        cached.Vault.SetSecret(SecretNames.LanruiApiKey, "lanrui-value");
        await cached.Store.CheckAsync(Names, CancellationToken.None);
        var lastSuccess = cached.Time.GetUtcNow();
        cached.Vault.FailWithStatus = 503;
        cached.Time.Advance(cached.Options.CacheTtl);

        var status = await cached.Store.CheckAsync(Names, CancellationToken.None);

        Assert.Equal(SecretStoreState.Degraded, status.State);
        Assert.Equal(lastSuccess, status.LastSuccess);
        Assert.Equal(cached.Time.GetUtcNow(), status.LastFailure);
        Assert.Equal(cached.Time.GetUtcNow(), status.OutageSince);
        Assert.Contains("HTTP 503", status.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("lanrui-value", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithTheVaultDownFromTheStart_IsUnavailable()
    {
        await using var cached = await CachedVault.StartAsync();
        await cached.Vault.StopAsync();

        var status = await cached.Store.CheckAsync(Names, CancellationToken.None);

        Assert.Equal(SecretStoreState.Unavailable, status.State);
        Assert.Null(status.LastSuccess);
        Assert.Contains("could not be reached", status.LastError, StringComparison.Ordinal);
    }
}
