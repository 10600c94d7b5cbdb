using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Functions.Core.Callers;

/// <summary>
/// Callers with Entra ID access tokens (<c>Authorization: Bearer &lt;JWT&gt;</c>), checked in the app:
/// signature against the tenant's published keys (OpenID Connect metadata, cached and refreshed on key
/// rollover), issuer, audience, lifetime, then tenant, roles and app list (<see cref="EntraCallerDirectory"/>).
/// A JWT it cannot accept is a 401 with the reason; it is never passed on to other authenticators.
/// </summary>
public sealed class EntraIdCallerAuthenticator : ICallerAuthenticator, IDisposable
{
    public const string Method = "entra-id";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly HttpClient _metadataHttp;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly TokenValidationParameters _parameters;
    private readonly EntraCallerDirectory _directory;
    private readonly string _metadataAddress;
    private readonly ILogger _logger;

    public EntraIdCallerAuthenticator(IOptions<EntraIdOptions> options, EntraCallerDirectory directory, TimeProvider time, ILogger<EntraIdCallerAuthenticator> logger)
    {
        var settings = options.Value;
        _directory = directory;
        _logger = logger;
        _metadataAddress = settings.EffectiveMetadataAddress;
        _metadataHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var retriever = new HttpDocumentRetriever(_metadataHttp) { RequireHttps = settings.RequireHttpsMetadata };
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(_metadataAddress, new OpenIdConnectConfigurationRetriever(), retriever);
        _parameters = new TokenValidationParameters
        {
            // Signing keys and the metadata's own issuer come from here; a token signed by an unknown key
            // makes the handler refresh the metadata (rate-limited), which covers key rollover.
            ConfigurationManager = _metadata,
            ValidIssuers = settings.EffectiveIssuers,
            ValidAudiences = settings.EffectiveAudiences,
            // Entra ID signs access tokens with RS256 only; refuse anything else outright.
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = settings.ClockSkew,
            LifetimeValidator = new TokenLifetime(time).Validate,
        };
        CallerAuthLog.EntraIdEnabled(logger, settings.TenantId, string.Join(", ", settings.EffectiveAudiences), _metadataAddress);
    }

    public async ValueTask<Caller?> AuthenticateAsync(HttpContext context)
    {
        if (BearerJwt(context.Request) is not { } token) return null;
        var remoteIp = context.Connection.RemoteIpAddress?.ToString();
        try
        {
            // Cached after the first call; fails only when the keys were never read (or the cache expired).
            _ = await _metadata.GetConfigurationAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            CallerAuthLog.MetadataUnavailable(_logger, _metadataAddress, ex);
            throw FacadeErrors.AuthUnavailable();
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
            throw Rejected(remoteIp, TokenRejection.Reason(result.Exception), result.Exception?.GetType().Name ?? "no token");

        var appId = First(jwt, EntraClaimTypes.AppId) ?? throw Rejected(remoteIp, "the token names no client app (azp or appid)", "no app id");
        var roles = jwt.Claims.Where(c => EntraClaimTypes.Roles.Contains(c.Type)).Select(c => c.Value).ToList();
        var identity = new EntraIdentity(appId, First(jwt, EntraClaimTypes.ObjectId), First(jwt, EntraClaimTypes.TenantId), roles);
        try
        {
            return _directory.Admit(identity, Method);
        }
        catch (FacadeException ex)
        {
            CallerAuthLog.TokenRejected(_logger, remoteIp, ex.Message, "policy");
            throw;
        }
    }

    public void Dispose() => _metadataHttp.Dispose();

    private FacadeException Rejected(string? remoteIp, string reason, string failure)
    {
        CallerAuthLog.TokenRejected(_logger, remoteIp, reason, failure);
        return FacadeErrors.InvalidToken(reason);
    }

    private static string? First(JsonWebToken jwt, string[] types)
    {
        foreach (var type in types)
        {
            if (jwt.TryGetPayloadValue<string>(type, out var value) && !string.IsNullOrWhiteSpace(value)) return value;
        }
        return null;
    }

    /// <summary>A bearer token shaped like a JWT (three dot-separated parts); API keys are left to their authenticator.</summary>
    private static string? BearerJwt(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var token = authorization[Bearer.Length..].Trim();
        return token.Count(c => c == '.') == 2 ? token : null;
    }
}
