using System.Security.Authentication;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Turns a failed TLS connection to MindIE into a 502 that says what to fix: MindIE demands a client
/// certificate by default, so a missing or refused certificate and an untrusted server certificate are the
/// usual causes. Messages name the settings, never their values.
/// </summary>
internal static class MindIETlsFailure
{
    public static bool IsTlsFailure(FacadeException error)
    {
        if (error.Code != ErrorCode.UpstreamUnreachable) return false;
        for (var ex = error.InnerException; ex is not null; ex = ex.InnerException)
        {
            if (ex is AuthenticationException) return true;
            if (ex is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }) return true;
        }
        return false;
    }

    /// <summary>The connection closed before any answer: under TLS 1.3, also how a refused client certificate looks.</summary>
    public static bool ClosedBeforeAnswer(FacadeException error)
    {
        for (var ex = error.InnerException; ex is not null; ex = ex.InnerException)
        {
            if (ex is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }) return true;
        }
        return false;
    }

    public static FacadeException Translate(FacadeException error, bool hadClientCertificate)
    {
        string why;
        if (ServerCertificateRejected(error.InnerException))
            why = "MindIE's server certificate is not trusted. Set Providers:MindIE:CaCertificate to the CA that signed it, and check the host name in Providers:MindIE:BaseUrl";
        else if (!hadClientCertificate)
            why = $"MindIE requires a client certificate (mutual TLS) and the facade has none. Store it in the '{SecretNames.MindIEClientCertificate}' secret (PEM with its key, or a base64 PFX)";
        else
            why = $"MindIE did not accept the facade's client certificate from the '{SecretNames.MindIEClientCertificate}' secret. Check that MindIE's tlsCaFile trusts its CA and that it has not expired";
        return new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamAuthFailed,
            $"The TLS connection to MindIE failed: {why}. The caller's key is fine.", null, error.InnerException) { UpstreamCode = "tls" };
    }

    /// <summary>The exception chain's types and messages, for the log (they carry no secrets).</summary>
    public static string Describe(Exception? exception)
    {
        var parts = new List<string>();
        for (var ex = exception; ex is not null; ex = ex.InnerException) parts.Add($"{ex.GetType().Name}: {ex.Message}");
        return string.Join(" -> ", parts);
    }

    private static bool ServerCertificateRejected(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            // .NET's wording when its own validation (or the callback) refuses the server's certificate.
            if (ex is AuthenticationException && (ex.Message.Contains("remote certificate", StringComparison.OrdinalIgnoreCase)
                || ex.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal))) return true;
        }
        return false;
    }
}
