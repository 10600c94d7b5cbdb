using Functions.Core.Secrets;
using Microsoft.Extensions.Logging;

namespace Functions.Tests.Secrets;

/// <summary>The cache in front of Key Vault when the vault fails: stale values, one log line, clear errors.</summary>
public sealed class CachingSecretStoreOutageTests
{
    private const string Name = SecretNames.BaiduSecretKey;
    private const string Value = "baidu-secret-4d2e8b";
    private const int UnavailableEvent = 2101;
    private const int RefusedEvent = 2102;
    private const int RecoveredEvent = 2103;

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Get_WhenTheVaultFailsAfterTheTtl_ServesTheLastGoodValueAndLogsOnce(int status)
    {
        await using var cached = await WarmAsync();
        cached.Vault.FailWithStatus = status;
        cached.Time.Advance(cached.Options.CacheTtl);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Value, await cached.GetAsync(Name));
            Assert.Equal(Value, await cached.GetAsync(Name));
            cached.Time.Advance(cached.Options.OutageRetryInterval);
        }

        var line = Assert.Single(cached.Logger.Collector.GetSnapshot());
        Assert.Equal((UnavailableEvent, LogLevel.Warning), (line.Id.Id, line.Level));
        Assert.Contains($"HTTP {status}", line.Message, StringComparison.Ordinal);
        AssertNoValueIn(cached.Logger.Collector.GetSnapshot().Select(r => r.Message + r.Exception));
    }

    [Fact]
    public async Task Get_WhenTheVaultIsDown_ServesTheLastGoodValueAndReportsDegraded()
    {
        await using var cached = await WarmAsync();
        await cached.Vault.StopAsync();
        cached.Time.Advance(cached.Options.CacheTtl);

        Assert.Equal(Value, await cached.GetAsync(Name));
        cached.Time.Advance(cached.Options.OutageRetryInterval);
        Assert.Equal(Value, await cached.GetAsync(Name));

        Assert.Equal(1, cached.Logger.Collector.GetSnapshot().Count(r => r.Id.Id == UnavailableEvent));
        var status = cached.Store.Status;
        Assert.Equal(SecretStoreState.Degraded, status.State);
        Assert.Equal(cached.Time.GetUtcNow() - cached.Options.OutageRetryInterval, status.OutageSince);
    }

    [Fact]
    public async Task Get_DuringAnOutage_TriesTheVaultOncePerRetryIntervalNotOncePerCall()
    {
        await using var cached = await WarmAsync();
        cached.Vault.FailWithStatus = 503;
        cached.Time.Advance(cached.Options.CacheTtl);
        await cached.GetAsync(Name);
        var triesAfterFirstFailure = cached.Vault.Requests.Count;

        for (var i = 0; i < 20; i++)
        {
            await cached.GetAsync(Name);
        }

        Assert.Equal(triesAfterFirstFailure, cached.Vault.Requests.Count);
        cached.Time.Advance(cached.Options.OutageRetryInterval);
        await cached.GetAsync(Name);
        Assert.True(cached.Vault.Requests.Count > triesAfterFirstFailure);
    }

    [Fact]
    public async Task Get_WhenTheVaultRecovers_ServesTheNewValueAndLogsTheRecoveryOnce()
    {
        await using var cached = await WarmAsync();
        cached.Vault.FailWithStatus = 503;
        cached.Time.Advance(cached.Options.CacheTtl);
        Assert.Equal(Value, await cached.GetAsync(Name));

        cached.Vault.FailWithStatus = null;
        cached.Vault.SetSecret(Name, "rotated-during-outage");
        cached.Time.Advance(cached.Options.OutageRetryInterval);
        Assert.Equal("rotated-during-outage", await cached.GetAsync(Name));
        cached.Time.Advance(cached.Options.CacheTtl);
        await cached.GetAsync(Name);

        Assert.Equal(1, cached.Logger.Collector.GetSnapshot().Count(r => r.Id.Id == UnavailableEvent));
        Assert.Equal(1, cached.Logger.Collector.GetSnapshot().Count(r => r.Id.Id == RecoveredEvent));
        Assert.Equal(SecretStoreState.Ready, cached.Store.Status.State);
    }

    [Fact]
    public async Task Get_WhenTheLastGoodValueIsOlderThanMaxStale_ThrowsTheVaultError()
    {
        await using var cached = await WarmAsync(new SecretStoreOptions { MaxStale = TimeSpan.FromHours(1) });
        cached.Vault.FailWithStatus = 503;
        cached.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(Value, await cached.GetAsync(Name));

        cached.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<SecretStoreException>(() => cached.GetAsync(Name));

        Assert.Equal((503, true), (error.Status, error.IsTransient));
        AssertNoValueIn([error.ToString()]);
    }

    [Fact]
    public async Task Get_WithNoLastGoodValueDuringAnOutage_ThrowsAClearErrorAndLogsOnce()
    {
        await using var cached = await CachedVault.StartAsync();
        cached.Vault.SetSecret(Name, Value);
        cached.Vault.FailWithStatus = 503;

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<SecretStoreException>(() => cached.GetAsync(Name));
            Assert.Equal($"Key Vault is unavailable for secret '{Name}' (HTTP 503, ServiceUnavailable).", error.Message);
            AssertNoValueIn([error.ToString()]);
        }

        Assert.Equal(1, cached.Logger.Collector.GetSnapshot().Count(r => r.Id.Id == UnavailableEvent));
    }

    [Fact]
    public async Task Get_WhenAccessIsRefused_ThrowsInsteadOfServingTheLastGoodValueAndForgetsIt()
    {
        await using var cached = await WarmAsync();
        cached.Vault.FailWithStatus = 403;
        cached.Time.Advance(cached.Options.CacheTtl);

        var refused = await Assert.ThrowsAsync<SecretStoreException>(() => cached.GetAsync(Name));
        await Assert.ThrowsAsync<SecretStoreException>(() => cached.GetAsync(Name));
        cached.Vault.FailWithStatus = 503;
        var unavailable = await Assert.ThrowsAsync<SecretStoreException>(() => cached.GetAsync(Name));

        Assert.Equal((403, false), (refused.Status, refused.IsTransient));
        Assert.Equal(503, unavailable.Status);
        Assert.Equal(1, cached.Logger.Collector.GetSnapshot().Count(r => r.Id.Id == RefusedEvent));
        AssertNoValueIn(cached.Logger.Collector.GetSnapshot().Select(r => r.Message + r.Exception));
    }

    private static async Task<CachedVault> WarmAsync(SecretStoreOptions? options = null)
    {
        var cached = await CachedVault.StartAsync(options);
        cached.Vault.SetSecret(Name, Value);
        Assert.Equal(Value, await cached.GetAsync(Name));
        return cached;
    }

    private static void AssertNoValueIn(IEnumerable<string> texts) => Assert.All(texts, text =>
    {
        Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
        Assert.DoesNotContain("api-version", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("test-token-", text, StringComparison.Ordinal);
    });
}
