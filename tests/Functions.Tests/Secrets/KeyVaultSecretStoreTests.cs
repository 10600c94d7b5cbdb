using Functions.Core.Secrets;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Secrets;

/// <summary>The real SecretClient against the Key Vault fake, without a cache in front.</summary>
public sealed class KeyVaultSecretStoreTests : IAsyncLifetime
{
    private const string Value = "lanrui-key-7f3a9c";
    private KeyVaultFake _vault = null!;
    private KeyVaultSecretStore _store = null!;

    public async Task InitializeAsync()
    {
        _vault = await KeyVaultFake.StartAsync();
        _store = new KeyVaultSecretStore(KeyVaultTestClient.Create(_vault));
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Get_ReturnsTheLatestVersion()
    {
        _vault.SetSecret(SecretNames.LanruiApiKey, "older-value");
        _vault.SetSecret(SecretNames.LanruiApiKey, Value);

        Assert.Equal(Value, await _store.GetAsync(SecretNames.LanruiApiKey, CancellationToken.None));
        Assert.All(_vault.Requests, r => Assert.Contains("api-version=", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_WithAVersion_ReturnsThatVersion()
    {
        var first = _vault.SetSecret(SecretNames.BaiduApiKey, "first-value");
        _vault.SetSecret(SecretNames.BaiduApiKey, "second-value");

        Assert.Equal("first-value", await _store.GetAsync(SecretNames.BaiduApiKey, first, CancellationToken.None));
        Assert.Contains(_vault.Requests, r => r.StartsWith($"/secrets/{SecretNames.BaiduApiKey}/{first}?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_OfAMissingSecretOrVersion_ReturnsNull()
    {
        _vault.SetSecret(SecretNames.BaiduApiKey, Value);

        Assert.Null(await _store.GetAsync(SecretNames.MindIEApiKey, CancellationToken.None));
        Assert.Null(await _store.GetAsync(SecretNames.BaiduApiKey, "0123456789abcdef", CancellationToken.None));
    }

    [Fact]
    public async Task Get_AnswersTheChallengeWithATokenForTheVaultResourceInTheChallengedTenant()
    {
        _vault.SetSecret(SecretNames.LanruiApiKey, Value);

        await _store.GetAsync(SecretNames.LanruiApiKey, CancellationToken.None);
        await _store.GetAsync(SecretNames.LanruiApiKey, CancellationToken.None);

        Assert.Equal(1, _vault.UnauthenticatedRequests);
        var token = Assert.Single(_vault.Credential.Requests);
        Assert.Equal(["https://vault.azure.net/.default"], token.Scopes);
        Assert.Equal(KeyVaultFake.TenantId, token.TenantId);
        Assert.Equal(2, _vault.SecretReads);
    }

    [Fact]
    public async Task Get_WhenTheVaultRejectsTheToken_ThrowsAnAccessErrorWithStatus401()
    {
        _vault.SetSecret(SecretNames.LanruiApiKey, Value);
        _vault.RejectTokens = true;

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _store.GetAsync(SecretNames.LanruiApiKey, CancellationToken.None).AsTask());

        AssertClear(error, 401, isTransient: false);
        Assert.Contains("Key Vault Secrets User", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WhenTheIdentityLacksTheRole_ThrowsAnAccessErrorWithStatus403()
    {
        _vault.SetSecret(SecretNames.LanruiApiKey, Value);
        _vault.FailWithStatus = 403;

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _store.GetAsync(SecretNames.LanruiApiKey, CancellationToken.None).AsTask());

        AssertClear(error, 403, isTransient: false);
        Assert.Equal("Forbidden", error.ErrorCode);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Get_WhenTheVaultThrottlesOrFails_ThrowsATransientError(int status)
    {
        _vault.SetSecret(SecretNames.LanruiApiKey, Value);
        _vault.FailWithStatus = status;

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _store.GetAsync(SecretNames.LanruiApiKey, CancellationToken.None).AsTask());

        AssertClear(error, status, isTransient: true);
    }

    [Fact]
    public async Task Get_WhenTheVaultIsDown_ThrowsATransientErrorWithoutStatus()
    {
        await _vault.StopAsync();

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _store.GetAsync(SecretNames.LanruiApiKey, CancellationToken.None).AsTask());

        AssertClear(error, status: null, isTransient: true);
    }

    [Fact]
    public async Task Get_WhenNoTokenCanBeHad_ThrowsATransientError()
    {
        _vault.Credential.Unavailable = true;

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _store.GetAsync(SecretNames.LanruiApiKey, CancellationToken.None).AsTask());

        AssertClear(error, status: null, isTransient: true);
    }

    private void AssertClear(SecretStoreException error, int? status, bool isTransient)
    {
        Assert.Equal(SecretNames.LanruiApiKey, error.SecretName);
        Assert.Equal(status, error.Status);
        Assert.Equal(isTransient, error.IsTransient);
        Assert.Contains(SecretNames.LanruiApiKey, error.Message, StringComparison.Ordinal);
        var everything = error.ToString();
        Assert.DoesNotContain(Value, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("api-version", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("test-token-", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_vault.VaultUri.Authority, error.Message, StringComparison.Ordinal);
    }
}
