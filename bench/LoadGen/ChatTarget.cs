using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Bench.LoadGen;

/// <summary>One system under test: where to POST, with which headers and model name.</summary>
public sealed class ChatTarget
{
    private readonly Uri _url;
    private readonly List<(string Name, string Value)> _headers = [];
    private readonly string _model;

    public ChatTarget(Arguments args)
    {
        Name = args.Text("name");
        _url = new Uri(args.Text("url"));
        if (!_url.IsLoopback) throw new ArgumentException("Only loopback targets are allowed.");
        _model = args.Text("model", "bench-model");
        foreach (var header in args.All("header"))
        {
            var colon = header.IndexOf(':');
            _headers.Add((header[..colon].Trim(), header[(colon + 1)..].Trim()));
        }
    }

    public string Name { get; }

    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The JSON body; for streams the content carries the upstream's shape directive.</summary>
    public byte[] Body(bool stream, string? directive = null) => Encoding.UTF8.GetBytes(stream
        ? $$"""{"model":"{{_model}}","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hello {{directive}}"}]}"""
        : $$"""{"model":"{{_model}}","messages":[{"role":"user","content":"Hello"}]}""");

    public HttpRequestMessage Request(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Version = HttpVersion.Version11, Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in _headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }
}
