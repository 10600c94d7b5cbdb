using Functions.Core.Secrets;

namespace Functions.Tests.Secrets;

/// <summary>The cache in front of Key Vault when the vault is up: TTL, rotation, missing secrets, single flight.</summary>
public sealed class CachingSecretStoreTests
{
    private const string Name = SecretNames.LanruiApiKey;

    [Fact]
    public async Task Get_WithinTheTtl_ReadsTheVaultOnce()
    {
        await using var cached = await CachedVault.StartAsync();
        cached.Vault.SetSecret(Name, "value-1");

        Assert.Equal("value-1", await cached.GetAsync(Name));
        cached.Time.Advance(cached.Options.CacheTtl - TimeSpan.FromSeconds(1));
        Assert.Equal("value-1", await cached.GetAsync(Name));

        Assert.Equal(1, cached.Vault.SecretReads);
    }

    [Fact]
    public async Task Get_AfterRotation_ServesTheOldValueUntilTheTtlEndsThenTheNewOne()
    {
        await using var cached = await CachedVault.StartAsync();
        cached.Vault.SetSecret(Name, "before-rotation");
        Assert.Equal("before-rotation", await cached.GetAsync(Name));

        cached.Vault.SetSecret(Name, "after-rotation");
        cached.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("before-rotation", await cached.GetAsync(Name));
        cached.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("after-rotation", await cached.GetAsync(Name));
        Assert.Equal(2, cached.Vault.SecretReads);
    }

    [Fact]
    public async Task Get_WithAConfiguredTtl_RereadsAfterThatTtl()
    {
        await using var cached = await CachedVault.StartAsync(new SecretStoreOptions { CacheTtl = TimeSpan.FromSeconds(30) });
        cached.Vault.SetSecret(Name, "value-1");
        await cached.GetAsync(Name);

        cached.Time.Advance(TimeSpan.FromSeconds(30));
        await cached.GetAsync(Name);

        Assert.Equal(2, cached.Vault.SecretReads);
    }

    [Fact]
    public async Task Get_OfAMissingSecret_CachesTheAbsenceAndSeesTheSecretOnceCreatedAfterTheTtl()
    {
        await using var cached = await CachedVault.StartAsync();

        Assert.Null(await cached.GetAsync(Name));
        Assert.Null(await cached.GetAsync(Name));
        Assert.Equal(1, cached.Vault.SecretReads);

        cached.Vault.SetSecret(Name, "created-later");
        cached.Time.Advance(cached.Options.CacheTtl);
        Assert.Equal("created-later", await cached.GetAsync(Name));
    }

    [Fact]
    public async Task Get_From100ConcurrentCallers_SendsOneReadToTheVault()
    {
        await using var cached = await CachedVault.StartAsync();
        cached.Vault.SetSecret(Name, "shared-value");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cached.Vault.Hold = release.Task;

        var calling = 0;
        var allCalling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            var call = cached.GetAsync(Name);
            if (Interlocked.Increment(ref calling) == 100)
            {
                allCalling.SetResult();
            }

            return await call;
        })).ToArray();
        await allCalling.Task.WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();

        var values = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(values, v => Assert.Equal("shared-value", v));
        Assert.Equal(1, cached.Vault.SecretReads);
    }

    [Fact]
    public async Task Get_WhenOneCallerGivesUp_OthersStillGetTheSharedRead()
    {
        await using var cached = await CachedVault.StartAsync();
        cached.Vault.SetSecret(Name, "shared-value");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cached.Vault.Hold = release.Task;
        using var impatient = new CancellationTokenSource();

        var cancelled = cached.Store.GetAsync(Name, impatient.Token).AsTask();
        var patient = cached.GetAsync(Name);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();

        Assert.Equal("shared-value", await patient.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, cached.Vault.SecretReads);
    }
}
