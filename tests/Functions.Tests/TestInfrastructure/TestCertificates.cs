using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// Self-signed certificates made in the test, so HTTPS fakes need no developer certificate and no machine trust:
/// a client trusts exactly the one certificate it is handed, nothing else.
/// </summary>
internal static class TestCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>A server certificate for 127.0.0.1 and localhost, valid for a day around now.</summary>
    public static X509Certificate2 CreateLoopbackServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], critical: false));

        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        // A PKCS#12 round trip gives a certificate whose private key every platform's TLS stack can use.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>
    /// A handler that accepts the server's certificate only when it is <paramref name="trusted"/>, byte for byte,
    /// whatever the machine's trust store says.
    /// </summary>
    public static SocketsHttpHandler CreateHandlerTrusting(X509Certificate2 trusted)
    {
        var expected = trusted.RawData;
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected),
            },
        };
    }
}
