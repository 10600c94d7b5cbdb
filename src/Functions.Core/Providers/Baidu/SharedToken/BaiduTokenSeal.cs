using System.Security.Cryptography;

namespace Functions.Core.Providers.Baidu.SharedToken;

/// <summary>
/// Seals the shared access token with AES-GCM under a key derived (HKDF-SHA256) from the application's secret
/// key, so the stored value is useless to whoever can read the table but not mint a token anyway (an auditor
/// with read access to the storage account, a leaked SAS). Names the token's row after a hash of the API key,
/// so another Baidu application never gets this one's token. A value sealed under another secret key (after a
/// rotation) does not open: the instance treats the row as empty and mints.
/// </summary>
internal sealed class BaiduTokenSeal
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] s_info = Encoding.UTF8.GetBytes("llm-facade/baidu-access-token/v1");
    private readonly byte[] _key;
    private readonly byte[] _associatedData;

    public BaiduTokenSeal(string apiKey, string secretKey)
    {
        var apiKeyBytes = Encoding.UTF8.GetBytes(apiKey);
        RowKey = Convert.ToHexStringLower(SHA256.HashData(apiKeyBytes))[..32];
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secretKey), 32, apiKeyBytes, s_info);
        // Bound to its row: a sealed value copied to another row does not open.
        _associatedData = Encoding.UTF8.GetBytes(StoredBaiduToken.PartitionKey + "/" + RowKey);
    }

    /// <summary>The row of this application's token: the first 128 bits of SHA-256 of the API key, in hex.</summary>
    public string RowKey { get; }

    /// <summary>Nonce, ciphertext and tag of <paramref name="token"/>.</summary>
    public byte[] Seal(string token)
    {
        var plain = Encoding.UTF8.GetBytes(token);
        var sealedValue = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedValue.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceBytes, plain.Length), sealedValue.AsSpan(NonceBytes + plain.Length), _associatedData);
        return sealedValue;
    }

    /// <summary>The token, or <c>null</c> when <paramref name="sealedValue"/> was not sealed with this key for this row.</summary>
    public string? Open(byte[] sealedValue)
    {
        if (sealedValue.Length <= NonceBytes + TagBytes) return null;
        var length = sealedValue.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(sealedValue.AsSpan(0, NonceBytes), sealedValue.AsSpan(NonceBytes, length), sealedValue.AsSpan(NonceBytes + length), plain, _associatedData);
        }
        catch (CryptographicException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }
}
