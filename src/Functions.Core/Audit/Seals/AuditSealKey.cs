using System.Security.Cryptography;

namespace Functions.Core.Audit.Seals;

/// <summary>
/// One key that seals audit rows with HMAC-SHA256. Its material is the UTF-8 text of the secret (at least
/// <see cref="MinimumLength"/> characters, surrounding whitespace ignored). Its <see cref="Id"/> is a key check value (the
/// start of an HMAC of a fixed text under the key): stored beside every seal so that <c>audit verify</c> knows which
/// key to try, and useless to anyone without the key. The material never leaves this type.
/// </summary>
public sealed class AuditSealKey
{
    /// <summary>The fewest characters a key may have.</summary>
    public const int MinimumLength = 32;

    private static readonly byte[] s_idLabel = "llm-facade audit seal key id"u8.ToArray();
    private readonly byte[] _material;

    private AuditSealKey(byte[] material)
    {
        _material = material;
        Id = "k" + Convert.ToHexStringLower(HMACSHA256.HashData(material, s_idLabel).AsSpan(0, 8));
    }

    /// <summary>The key's id, e.g. <c>k3f1c…</c> (17 characters).</summary>
    public string Id { get; }

    /// <summary>The key made of a secret's text; <c>null</c> with the reason when the text is missing or too short.</summary>
    public static AuditSealKey? TryCreate(string? text, out string? problem)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            problem = "is not set";
            return null;
        }

        if (trimmed.Length < MinimumLength)
        {
            problem = $"is shorter than {MinimumLength} characters";
            return null;
        }

        problem = null;
        return new AuditSealKey(Encoding.UTF8.GetBytes(trimmed));
    }

    /// <summary>The seal of <paramref name="data"/>, base64.</summary>
    internal string Seal(ReadOnlySpan<byte> data) => Convert.ToBase64String(HMACSHA256.HashData(_material, data));

    /// <summary>Whether <paramref name="seal"/> is this key's seal of <paramref name="data"/> (compared in constant time).</summary>
    internal bool Verifies(ReadOnlySpan<byte> data, string seal)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_material, data, expected);
        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        return Convert.TryFromBase64String(seal, actual, out var written) && written == actual.Length
            && CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Names the key by its id only.</summary>
    public override string ToString() => $"audit seal key {Id}";
}
