namespace Functions.Core.Secrets;

/// <summary>The names of the secrets the facade reads; the same names in configuration and in Key Vault.</summary>
public static class SecretNames
{
    public const string LanruiApiKey = "lanrui-api-key";
    public const string BaiduApiKey = "baidu-api-key";
    public const string BaiduSecretKey = "baidu-secret-key";
    public const string MindIEApiKey = "mindie-api-key";
    public const string MindIEClientCertificate = "mindie-client-cert";

    /// <summary>The key that seals audit records (HMAC-SHA256): at least 32 characters, e.g. <c>openssl rand -base64 48</c>.</summary>
    public const string AuditSealKey = "audit-seal-key";

    /// <summary>Keys that sealed audit records before the current one, separated by whitespace: <c>audit verify</c> tries them too.</summary>
    public const string AuditSealKeyRetired = "audit-seal-key-retired";

    /// <summary>
    /// The key of the fingerprints the audit keeps of keys no caller owns (HMAC-SHA256, optional): without it the seal
    /// key serves. Changing it changes every later fingerprint, so earlier and later attempts no longer match.
    /// </summary>
    public const string AuditFingerprintKey = "audit-fingerprint-key";

}
