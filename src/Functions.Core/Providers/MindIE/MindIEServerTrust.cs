using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Decides whether MindIE's server certificate is trusted: the system's roots as usual, and besides them
/// the CA of <c>Providers:MindIE:CaCertificate</c> (MindIE deployments sign their server certificates
/// with their own CA). The host name must match either way.
/// </summary>
internal sealed class MindIEServerTrust(X509Certificate2Collection roots)
{
    public bool HasCustomRoots => roots.Count > 0;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        // A name mismatch or a missing certificate is never repaired by a custom root.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || roots.Count == 0) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        // Internal CAs rarely publish revocation lists the facade could reach.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        if (certificate is X509Certificate2 leaf) return custom.Build(leaf);
        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(loaded);
    }
}
