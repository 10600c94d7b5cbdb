using System.Diagnostics;
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
        // Trace the upstream call (a child span of the facade's), but keep trace headers out of requests to providers
        // we do not control: a null propagator would also turn the HttpClient diagnostics, and so the span, off.
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
    };
}
