using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// Certificates for the mutual-TLS tests, made with <see cref="CertificateRequest"/>: a test CA, a server
/// certificate for 127.0.0.1 signed by it, a client certificate signed by it, and a client certificate
/// from another CA (the wrong one). Made once per test run.
/// </summary>
public sealed class MindIECertificates
{
    private static readonly Lazy<MindIECertificates> Shared = new(() => new MindIECertificates());

    private MindIECertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Ca = CreateCa("CN=MindIE Test CA", caKey);
        Server = Issue(Ca, caKey, "CN=127.0.0.1", serverAuth: true);
        Client = Issue(Ca, caKey, "CN=facade-client", serverAuth: false);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherCa = CreateCa("CN=Other Test CA", otherKey);
        WrongClient = Issue(otherCa, otherKey, "CN=facade-client", serverAuth: false);
    }

    public static MindIECertificates Instance => Shared.Value;

    public X509Certificate2 Ca { get; }
    public X509Certificate2 Server { get; }
    public X509Certificate2 Client { get; }
    public X509Certificate2 WrongClient { get; }

    public string CaPem => Ca.ExportCertificatePem();

    /// <summary>Certificate and private key as one PEM text, the form the <c>mindie-client-cert</c> secret takes.</summary>
    public static string ToPem(X509Certificate2 certificate) =>
        certificate.ExportCertificatePem() + "\n" + certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    /// <summary>A PKCS#12 without password in base64, the form Key Vault keeps certificates in.</summary>
    public static string ToPfxBase64(X509Certificate2 certificate) => Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));

    private static X509Certificate2 CreateCa(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, ECDsa caKey, string subject, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usage = serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2";
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12, so the key is usable by TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
