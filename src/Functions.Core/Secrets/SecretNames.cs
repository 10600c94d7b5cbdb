namespace Functions.Core.Secrets;

/// <summary>The names of the secrets the facade reads; the same names in configuration and in Key Vault.</summary>
public static class SecretNames
{
    public const string LanruiApiKey = "lanrui-api-key";
    public const string BaiduApiKey = "baidu-api-key";
    public const string BaiduSecretKey = "baidu-secret-key";
    public const string MindIEApiKey = "mindie-api-key";
    public const string MindIEClientCertificate = "mindie-client-cert";
}
