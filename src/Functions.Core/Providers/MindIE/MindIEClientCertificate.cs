using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Reads the facade's client certificate for MindIE's mutual TLS from the <c>mindie-client-cert</c>
/// secret: PEM text (certificate, its private key, and optionally the intermediate CAs) or a base64
/// PKCS#12 (PFX) without password, the form Key Vault keeps certificates in. A secret that cannot be
/// read is a 502 that names the secret, never its content.
/// </summary>
internal static class MindIEClientCertificate
{
    public static SslStreamCertificateContext Load(string secret)
    {
        try
        {
            var text = secret.Trim();
            return text.Contains("-----BEGIN", StringComparison.Ordinal) ? FromPem(text) : FromPkcs12(Convert.FromBase64String(text));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            throw Unreadable($"it is neither PEM (certificate and private key) nor a base64 PFX without password ({ex.GetType().Name})");
        }
    }

    private static SslStreamCertificateContext FromPem(string pem)
    {
        // The same text serves as both arguments: the loader takes the first certificate and the first key.
        using var pemCertificate = X509Certificate2.CreateFromPem(pem, pem);
        // Re-import through PKCS#12 so the key is usable by TLS on every platform (Windows needs a persisted key).
        var leaf = X509CertificateLoader.LoadPkcs12(pemCertificate.Export(X509ContentType.Pkcs12), null);
        var all = new X509Certificate2Collection();
        all.ImportFromPem(pem);
        return Context(leaf, all);
    }

    private static SslStreamCertificateContext FromPkcs12(byte[] pfx)
    {
        var all = X509CertificateLoader.LoadPkcs12Collection(pfx, null);
        var leaf = all.FirstOrDefault(c => c.HasPrivateKey) ?? throw Unreadable("the PFX holds no certificate with a private key");
        return Context(leaf, all);
    }

    private static SslStreamCertificateContext Context(X509Certificate2 leaf, X509Certificate2Collection all)
    {
        if (!leaf.HasPrivateKey) throw Unreadable("it holds no private key for the certificate");
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (certificate.Thumbprint != leaf.Thumbprint) intermediates.Add(certificate);
        }
        return SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
    }

    private static FacadeException Unreadable(string why) =>
        new(502, ErrorType.Api, ErrorCode.UpstreamAuthFailed,
            $"The facade cannot use its MindIE client certificate: the '{SecretNames.MindIEClientCertificate}' secret cannot be read: {why}. The caller's key is fine.");
}
