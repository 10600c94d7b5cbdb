using System.Net.Security;
using System.Security.Cryptography;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// The HTTP handler to MindIE: the proxy handler of <see cref="UpstreamHandlerFactory"/> with mutual TLS
/// added (client certificate from the secret store, the configured CA trusted). The certificate secret
/// is read on every call (the store caches); when its value changes, a new handler is built, so a
/// rotated certificate is picked up without a restart.
/// </summary>
internal sealed class MindIEConnection : IDisposable
{
    private readonly MindIEOptions _options;
    private readonly ISecretStore _secrets;
    private readonly ILogger _logger;
    private readonly MindIEServerTrust _trust;
    private readonly Lock _gate = new();
    private readonly List<HttpMessageInvoker> _retired = [];
    private Channel? _current;

    public MindIEConnection(MindIEOptions options, ISecretStore secrets, ILogger logger)
    {
        _options = options;
        _secrets = secrets;
        _logger = logger;
        _trust = new MindIEServerTrust(options.LoadCaCertificates());
    }

    /// <summary>The invoker to send with, and whether it presents a client certificate.</summary>
    public sealed record Channel(HttpMessageInvoker Invoker, SslStreamCertificateContext? Certificate, string SecretHash)
    {
        public bool HasClientCertificate => Certificate is not null;
    }

    public async ValueTask<Channel> GetAsync(CancellationToken cancellationToken)
    {
        var secret = _options.UsesTls
            ? await _secrets.GetAsync(SecretNames.MindIEClientCertificate, cancellationToken).ConfigureAwait(false)
            : null;
        var hash = secret is null ? "" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        var current = Volatile.Read(ref _current);
        if (current is not null && current.SecretHash == hash) return current;
        lock (_gate)
        {
            if (_current is { } again && again.SecretHash == hash) return again;
            var channel = Build(secret, hash);
            // Calls in flight keep the old handler; it is disposed with the provider.
            if (_current is not null) _retired.Add(_current.Invoker);
            Volatile.Write(ref _current, channel);
            return channel;
        }
    }

    private Channel Build(string? secret, string hash)
    {
        if (!_options.UsesTls) return new Channel(new HttpMessageInvoker(UpstreamHandlerFactory.Create(_options)), null, hash);
        SslStreamCertificateContext? certificate = null;
        if (secret is not null)
        {
            certificate = MindIEClientCertificate.Load(secret);
            MindIELog.ClientCertificateLoaded(_logger, certificate.TargetCertificate.Subject, certificate.TargetCertificate.Thumbprint,
                certificate.TargetCertificate.NotAfter.ToUniversalTime());
        }
        return new Channel(new HttpMessageInvoker(TlsHandler(certificate)), certificate, hash);
    }

    /// <summary>
    /// Whether MindIE closes a fresh TLS connection made with <paramref name="channel"/>'s certificate without
    /// answering a plain GET. Under TLS 1.3 the server checks the client certificate after the client has
    /// finished its handshake, so a refused certificate looks like a connection closed before the response;
    /// this probe, made only after such a failure, tells the two apart: any HTTP answer means TLS was accepted.
    /// </summary>
    public async Task<bool> RefusesTlsAsync(Channel channel, Uri probe, CancellationToken cancellationToken)
    {
        using var invoker = new HttpMessageInvoker(TlsHandler(channel.Certificate));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout + _options.ConnectTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, probe) { Version = System.Net.HttpVersion.Version11 };
            using var response = await invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return false;
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.SecureConnectionError)
        {
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private SocketsHttpHandler TlsHandler(SslStreamCertificateContext? certificate)
    {
        var handler = UpstreamHandlerFactory.Create(_options);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificateContext = certificate,
            RemoteCertificateValidationCallback = _trust.HasCustomRoots ? _trust.Validate : null,
        };
        return handler;
    }

    public void Dispose()
    {
        _current?.Invoker.Dispose();
        foreach (var invoker in _retired) invoker.Dispose();
    }
}
