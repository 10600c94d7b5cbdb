using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Emulators.MindIE;

/// <summary>
/// MindIE's HTTPS set-up for an emulator host: its server certificate and, with mutual TLS on (MindIE's
/// default), a client certificate required and checked against the client CA (MindIE's <c>tlsCaFile</c>).
/// Use with <c>EmulatorServer.StartAsync(emulator, "https://127.0.0.1:0", MindIETls.Configure(...))</c>.
/// </summary>
public static class MindIETls
{
    public static Action<WebApplicationBuilder> Configure(X509Certificate2 serverCertificate, X509Certificate2? clientCa) =>
        builder =>
        {
            // The slim builder leaves HTTPS out unless asked.
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = serverCertificate;
                if (clientCa is null) return;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, clientCa);
            }));
        };

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
