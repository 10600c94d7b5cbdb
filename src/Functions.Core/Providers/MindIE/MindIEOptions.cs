using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// <c>Providers:MindIE:*</c>. MindIE Server listens with mutual TLS by default (business plane on port
/// 1025), so the base URL is usually <c>https://</c>; the client certificate comes from the secret store
/// (<c>mindie-client-cert</c>), the CA that signed the server's certificate from here.
/// </summary>
public sealed class MindIEOptions : ProviderOptions
{
    public const string DefaultBaseUrl = "https://127.0.0.1:1025/v1";

    public MindIEOptions() => BaseUrl = DefaultBaseUrl;

    /// <summary>
    /// The CA (or CAs) that signed MindIE's server certificate, trusted in addition to the system's
    /// roots: PEM text, or the path of a PEM or DER file. Empty: only the system's roots.
    /// </summary>
    public string? CaCertificate { get; set; }

    /// <summary>True when the base URL is <c>https://</c>, i.e. TLS (and client certificates) apply.</summary>
    public bool UsesTls => BaseUrl is { } url && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads <see cref="CaCertificate"/>; an empty collection when none is configured.</summary>
    public X509Certificate2Collection LoadCaCertificates()
    {
        var collection = new X509Certificate2Collection();
        var value = CaCertificate?.Trim();
        if (string.IsNullOrEmpty(value)) return collection;
        if (value.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            collection.ImportFromPem(value);
            return collection;
        }
        var text = File.ReadAllText(value);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal)) collection.ImportFromPem(text);
        else collection.Add(X509CertificateLoader.LoadCertificateFromFile(value));
        return collection;
    }

    public override IEnumerable<string> Problems(string section)
    {
        foreach (var problem in base.Problems(section)) yield return problem;
        if (string.IsNullOrWhiteSpace(BaseUrl)) yield return $"{section}:BaseUrl is missing.";
        X509Certificate2Collection? certificates = null;
        string? unreadable = null;
        try
        {
            certificates = LoadCaCertificates();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            unreadable = $"{section}:CaCertificate could not be read as a PEM or DER certificate ({ex.GetType().Name}).";
        }
        if (unreadable is not null) yield return unreadable;
        else if (!string.IsNullOrWhiteSpace(CaCertificate) && certificates!.Count == 0) yield return $"{section}:CaCertificate holds no certificate.";
        foreach (var certificate in certificates ?? []) certificate.Dispose();
    }
}
