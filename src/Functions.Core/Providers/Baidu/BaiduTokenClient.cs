using System.Net.Http.Headers;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Calls Baidu's OAuth endpoint (docs/protocols/baidu.md §3.1): <c>POST {BaseUrl}/oauth/2.0/token?grant_type=client_credentials&amp;client_id=…&amp;client_secret=…</c>
/// with the secrets <c>baidu-api-key</c>/<c>baidu-secret-key</c>. Any body with an <c>error</c> key is a failure
/// whatever the status (as the Baidu SDKs treat it). The URL carries the secret key, so no error built here
/// contains it, the response body or the inner exception (whose text could).
/// </summary>
public sealed class BaiduTokenClient : IBaiduTokenSource, IDisposable
{
    private const int MaxBodyBytes = 64 * 1024;
    private readonly BaiduOptions _options;
    private readonly ISecretStore _secrets;
    private readonly TimeProvider _time;
    private readonly HttpMessageInvoker _invoker;
    private readonly string _endpoint;

    public BaiduTokenClient(IOptions<BaiduOptions> options, ISecretStore secrets, TimeProvider time)
    {
        _options = options.Value;
        _secrets = secrets;
        _time = time;
        _invoker = new HttpMessageInvoker(UpstreamHandlerFactory.Create(_options));
        _endpoint = _options.BaseUrl!.TrimEnd('/') + "/oauth/2.0/token";
    }

    /// <inheritdoc />
    /// <remarks>Every call mints a new token, so <paramref name="rejectedToken"/> is never returned.</remarks>
    public async Task<BaiduAccessToken> FetchAsync(string? rejectedToken, CancellationToken cancellationToken)
    {
        var apiKey = await SecretAsync(SecretNames.BaiduApiKey, cancellationToken).ConfigureAwait(false);
        var secretKey = await SecretAsync(SecretNames.BaiduSecretKey, cancellationToken).ConfigureAwait(false);
        var url = $"{_endpoint}?grant_type=client_credentials&client_id={Uri.EscapeDataString(apiKey)}&client_secret={Uri.EscapeDataString(secretKey)}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TokenTimeout);
        var obtainedAt = _time.GetUtcNow();
        byte[] body;
        int status;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent([]), Version = System.Net.HttpVersion.Version11 };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await ReadAsync(response, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not FacadeException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ex is OperationCanceledException)
                throw Failed(ErrorCode.UpstreamTimeout, $"the token endpoint did not answer within the token limit (Providers:Baidu:TokenTimeout = {FacadeErrors.Format(_options.TokenTimeout)})");
            throw Failed(ErrorCode.UpstreamUnreachable, "the token endpoint could not be reached");
        }
        return Read(body, status, obtainedAt);
    }

    private static BaiduAccessToken Read(byte[] body, int status, DateTimeOffset obtainedAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw Failed(ErrorCode.UpstreamProtocolError, $"the token endpoint answered HTTP {status} without a JSON body");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Failed(ErrorCode.UpstreamProtocolError, $"the token endpoint answered HTTP {status} without a JSON object");
            if (root.TryGetProperty("error", out var error))
            {
                var code = error.ValueKind == JsonValueKind.String ? error.GetString() : error.GetRawText();
                var description = root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                throw new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamAuthFailed,
                    $"Could not get a Baidu access token: Baidu rejected the facade's API key or secret key ({code}: {description ?? "no description"}, HTTP {status}). " +
                    $"The caller's key is fine: check the '{SecretNames.BaiduApiKey}' and '{SecretNames.BaiduSecretKey}' secrets.")
                { UpstreamCode = code };
            }
            if (status is < 200 or >= 300) throw Failed(ErrorCode.UpstreamAuthFailed, $"the token endpoint answered HTTP {status}");
            if (!root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(token.GetString()))
                throw Failed(ErrorCode.UpstreamProtocolError, "the token endpoint's answer has no access_token");
            return new BaiduAccessToken(token.GetString()!, obtainedAt, Lifetime(root));
        }
    }

    /// <summary><c>expires_in</c> in seconds, a number or (Java SDK) a string; 30 days when absent (docs/protocols/baidu.md §3.1).</summary>
    private static TimeSpan Lifetime(JsonElement root)
    {
        if (root.TryGetProperty("expires_in", out var value))
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds > 0) return TimeSpan.FromSeconds(seconds);
            if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out seconds) && seconds > 0) return TimeSpan.FromSeconds(seconds);
        }
        return TimeSpan.FromDays(30);
    }

    private static async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw Failed(ErrorCode.UpstreamProtocolError, "the token endpoint's answer is too large");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private async Task<string> SecretAsync(string name, CancellationToken cancellationToken) =>
        await _secrets.GetAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw new FacadeException(500, ErrorType.Api, ErrorCode.ServerError, $"The facade has no '{name}' secret configured.");

    /// <summary>A 502, or a 504 when the facade's own limit fired (docs/errors.md).</summary>
    private static FacadeException Failed(ErrorCode code, string what) => code == ErrorCode.UpstreamTimeout
        ? new(504, ErrorType.Timeout, code, $"Could not get a Baidu access token: {what}.")
        : new(502, ErrorType.Api, code, $"Could not get a Baidu access token: {what}.");

    public void Dispose() => _invoker.Dispose();
}
