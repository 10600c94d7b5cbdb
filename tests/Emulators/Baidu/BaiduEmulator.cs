using System.Collections.Concurrent;

namespace Emulators.Baidu;

/// <summary>
/// Baidu ERNIE wenxinworkshop v1 as docs/protocols/baidu.md §11 describes it: the OAuth token
/// endpoint (controllable lifetime, <c>invalid_client</c>, a request counter), and the chat endpoint, which
/// checks the access token (110 unknown, 111 expired), the message rules (336006, 336003) and the ranges,
/// answers whole or as a stream without <c>[DONE]</c>, and plays faults and safety verdicts on demand
/// (<see cref="BaiduScenario"/>). Errors are HTTP 200 with <c>error_code</c>/<c>error_msg</c>, as Baidu sends them.
/// </summary>
public sealed partial class BaiduEmulator : EmulatorBase
{
    public const string DefaultApiKey = "baidu-emulator-ak";
    public const string DefaultSecretKey = "baidu-emulator-sk";
    public const string ChatPrefix = "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private int _tokenRequests;
    private int _tokenRejections;

    public string ApiKey { get; init; } = DefaultApiKey;
    public string SecretKey { get; init; } = DefaultSecretKey;

    /// <summary>The <c>expires_in</c> of new tokens (30 days, as Baidu's).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Pause before the token endpoint answers.</summary>
    public TimeSpan TokenDelay { get; set; }

    /// <summary>How the token endpoint fails, whatever the keys: <see cref="TokenFailures"/>.</summary>
    public string? TokenFailure { get; set; }

    /// <summary>When true, the chat endpoint refuses every token with 110 (credentials that never work).</summary>
    public bool RefuseAllTokens { get; set; }

    /// <summary>Requests the token endpoint received.</summary>
    public int TokenRequestCount => Volatile.Read(ref _tokenRequests);

    /// <summary>Every token issued so far, in no order.</summary>
    public IReadOnlyCollection<string> IssuedTokens => [.. _tokens.Keys];

    /// <summary>Chat requests answered with 110 or 111.</summary>
    public int TokenRejections => Volatile.Read(ref _tokenRejections);

    /// <summary>The exact bytes of the last chat answer's body.</summary>
    public byte[] LastResponseBytes { get; private set; } = [];

    /// <summary>Makes every token issued so far expired: the next chat request with one gets 111.</summary>
    public void ExpireAllTokens()
    {
        foreach (var token in _tokens.Keys) _tokens[token] = DateTimeOffset.MinValue;
    }

    public override void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/oauth/2.0/token", TokenAsync);
        endpoints.MapGet("/oauth/2.0/token", TokenAsync);
        endpoints.MapPost(ChatPrefix + "{endpoint}", ChatAsync);
    }

    private async Task TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        if (TokenDelay > TimeSpan.Zero) await Task.Delay(TokenDelay, context.RequestAborted);
        var query = context.Request.Query;
        var failure = TokenFailure;
        if (failure is null && query["grant_type"] != "client_credentials") failure = TokenFailures.UnsupportedGrant;
        if (failure is null && query["client_id"] != ApiKey) failure = TokenFailures.UnknownClient;
        if (failure is null && query["client_secret"] != SecretKey) failure = TokenFailures.WrongSecret;
        switch (failure)
        {
            case null:
                var token = $"24.{Guid.NewGuid():N}.{(long)TokenLifetime.TotalSeconds}.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.282335-8574074";
                _tokens[token] = DateTimeOffset.UtcNow + TokenLifetime;
                await Results.Json(new
                {
                    refresh_token = "25." + Guid.NewGuid().ToString("N"),
                    expires_in = (long)TokenLifetime.TotalSeconds,
                    session_key = "emulator-session-key",
                    access_token = token,
                    scope = "public brain_all_scope ai_custom_yiyan_com",
                    session_secret = "emulator-session-secret",
                }).ExecuteAsync(context);
                return;
            case TokenFailures.UnknownClient:
                await Results.Json(new { error_description = "unknown client id", error = "invalid_client" }, statusCode: 401).ExecuteAsync(context);
                return;
            case TokenFailures.WrongSecret:
                // Baidu's SDK mock answers this one with HTTP 200 (docs/protocols/baidu.md §3.4): clients must look for "error" whatever the status.
                await Results.Json(new { error_description = "Client authentication failed", error = "invalid_client" }).ExecuteAsync(context);
                return;
            case TokenFailures.UnsupportedGrant:
                await Results.Json(new { error_description = "unsupported grant type", error = "unsupported_grant_type" }, statusCode: 400).ExecuteAsync(context);
                return;
            case TokenFailures.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("<html>internal error</html>");
                return;
            case TokenFailures.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
        }
    }

    /// <summary>Writes and flushes (awaited: the client's reading paces the emulator), keeping a copy of the first bytes (up to <see cref="EmulatorBase.TapLimit"/>) for <see cref="LastResponseBytes"/>.</summary>
    private static async Task WriteAsync(HttpContext context, MemoryStream copy, string text)
    {
        var bytes = EmulatorText.ToBytes(text);
        if (copy.Length < TapLimit) copy.Write(bytes);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}

/// <summary>Values of <see cref="BaiduEmulator.TokenFailure"/>.</summary>
public static class TokenFailures
{
    /// <summary>HTTP 401 <c>{"error":"invalid_client","error_description":"unknown client id"}</c>.</summary>
    public const string UnknownClient = "unknown-client";

    /// <summary>HTTP 200 <c>{"error":"invalid_client","error_description":"Client authentication failed"}</c>.</summary>
    public const string WrongSecret = "wrong-secret";

    public const string UnsupportedGrant = "unsupported-grant";

    /// <summary>HTTP 500 with an HTML body.</summary>
    public const string ServerError = "server-error";

    /// <summary>Never answers.</summary>
    public const string Hang = "hang";
}
