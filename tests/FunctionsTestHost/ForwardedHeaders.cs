using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FunctionsTestHost;

/// <summary>
/// Header copying between the front and the worker, as a reverse proxy does (the host forwards with YARP):
/// hop-by-hop headers stay behind, the original host, scheme and client address travel as
/// <c>X-Forwarded-*</c> (the worker applies them: its Kestrel runs <c>UseForwardedHeaders</c>).
/// </summary>
internal static class ForwardedHeaders
{
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection, HeaderNames.TransferEncoding, HeaderNames.KeepAlive, HeaderNames.Upgrade,
        HeaderNames.ProxyAuthenticate, HeaderNames.ProxyAuthorization, HeaderNames.TE, HeaderNames.Trailer,
        "Proxy-Connection", HeaderNames.Host,
    };

    /// <summary>Copies the client's headers onto the forwarded request and adds the <c>X-Forwarded-*</c> ones.</summary>
    public static void CopyRequestHeaders(HttpContext context, HttpRequestMessage request)
    {
        foreach (var (name, values) in context.Request.Headers)
        {
            if (s_hopByHop.Contains(name) || name.StartsWith(':'))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString());
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Request.Scheme);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", context.Request.Host.Value);
    }

    /// <summary>Copies the worker's response headers onto the client's response.</summary>
    public static void CopyResponseHeaders(HttpResponseMessage response, IHeaderDictionary target)
    {
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!s_hopByHop.Contains(name))
            {
                target[name] = values.ToArray();
            }
        }
    }
}
