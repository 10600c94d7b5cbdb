using System.Security.Cryptography;
using System.Text;

namespace Functions.Core.Audit.Tables;

/// <summary>A storage account's name and key, which sign requests (Authorize with Shared Key).</summary>
public sealed class TableSharedKeyCredential
{
    private readonly byte[] _key;

    /// <summary>Creates the credential from the account name and its Base64 key.</summary>
    /// <exception cref="FormatException">The key is not Base64.</exception>
    public TableSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentException.ThrowIfNullOrEmpty(accountKey);
        AccountName = accountName;
        _key = Convert.FromBase64String(accountKey);
    }

    /// <summary>The storage account's name.</summary>
    public string AccountName { get; }

    /// <summary><c>Base64(HMAC-SHA256(UTF8(stringToSign), Base64Decode(key)))</c>.</summary>
    public string ComputeSignature(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"{AccountName}:***";
}
