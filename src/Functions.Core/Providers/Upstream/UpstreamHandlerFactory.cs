using System.Net;

namespace Functions.Core.Providers.Upstream;

/// <summary>
/// The HTTP handler for one provider, set up for proxying as YARP's <c>ForwarderHttpClientFactory</c>
/// does: no redirects, no cookies, no decompression, a connect timeout, pooled connections.
/// </summary>
public static class UpstreamHandlerFactory
{
    public static SocketsHttpHandler Create(ProviderOptions options) => new()
    {
        ConnectTimeout = options.ConnectTimeout,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        EnableMultipleHttp2Connections = true,
        // Keep trace headers out of upstream requests we do not control.
        ActivityHeadersPropagator = null,
    };
}
