using System.Security.Cryptography;

namespace Reliability.Runner;

/// <summary>
/// Unique marker strings used as every secret of the run (provider keys, caller keys, a key callers send wrongly),
/// so any of them found in a log, an audit row, a metric or a response is a leak. Baidu access tokens and the
/// Key Vault stand-in's bearer tokens are added when known.
/// </summary>
public sealed class Canaries
{
    private readonly string _tag = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
    private readonly List<(string Kind, string Value)> _extra = [];

    public string LanruiKey => $"lanrui-key-canary-{_tag}";
    public string BaiduApiKey => $"baidu-ak-canary-{_tag}";
    public string BaiduSecretKey => $"baidu-sk-canary-{_tag}";
    public string MindIEKey => $"mindie-key-canary-{_tag}";
    public string AuditSealKey => $"audit-seal-key-canary-{_tag}-0123456789abcdef";
    public string CallerKey => $"sk-caller-canary-{_tag}";
    public string RestrictedCallerKey => $"sk-restricted-canary-{_tag}";
    public string WrongKey => $"sk-wrong-canary-{_tag}";

    /// <summary>The prefix of every bearer token the Key Vault stand-in's managed identity endpoint hands out.</summary>
    public const string VaultTokenPrefix = "kv-standin-token-";

    public void Add(string kind, string value)
    {
        lock (_extra) if (!_extra.Contains((kind, value))) _extra.Add((kind, value));
    }

    public IReadOnlyList<(string Kind, string Value)> All()
    {
        var all = new List<(string, string)>
        {
            ("lanrui-api-key", LanruiKey), ("baidu-api-key", BaiduApiKey), ("baidu-secret-key", BaiduSecretKey), ("mindie-api-key", MindIEKey),
            ("audit-seal-key", AuditSealKey),
            ("caller key", CallerKey), ("restricted caller key", RestrictedCallerKey), ("wrong key sent by callers", WrongKey),
            ("Key Vault bearer token", VaultTokenPrefix),
        };
        lock (_extra) all.AddRange(_extra);
        return all;
    }

    public static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
