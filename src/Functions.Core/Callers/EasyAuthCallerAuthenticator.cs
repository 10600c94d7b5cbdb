namespace Functions.Core.Callers;

/// <summary>
/// Callers that App Service authentication (Easy Auth) has already checked, identified by the
/// <c>X-MS-CLIENT-PRINCIPAL</c> header it sets. Registered only when <c>WEBSITE_AUTH_ENABLED</c> is true:
/// otherwise the Functions host forwards whatever headers the client sent, so the header proves nothing.
/// </summary>
public sealed class EasyAuthCallerAuthenticator : ICallerAuthenticator
{
    public const string Method = "easy-auth";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string EnabledSetting = "WEBSITE_AUTH_ENABLED";

    private readonly EntraCallerDirectory _directory;
    private readonly ILogger _logger;

    public EasyAuthCallerAuthenticator(EntraCallerDirectory directory, ILogger<EasyAuthCallerAuthenticator> logger)
    {
        _directory = directory;
        _logger = logger;
        CallerAuthLog.EasyAuthEnabled(logger);
    }

    /// <summary>Whether the platform says Easy Auth is on (the app setting the Functions host itself trusts).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        bool.TryParse(configuration[EnabledSetting], out var enabled) && enabled;

    public ValueTask<Caller?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers[PrincipalHeader].ToString();
        if (header.Length == 0) return ValueTask.FromResult<Caller?>(null);
        var remoteIp = context.Connection.RemoteIpAddress?.ToString();

        var principal = ClientPrincipal.Parse(header) ?? throw Rejected(remoteIp, "the client principal header is malformed");
        if (!string.Equals(principal.AuthType, "aad", StringComparison.OrdinalIgnoreCase))
            throw Rejected(remoteIp, "the client principal is not from Entra ID");
        var appId = principal.First(EntraClaimTypes.AppId) ?? throw Rejected(remoteIp, "the client principal names no client app (azp or appid)");
        var identity = new EntraIdentity(appId, principal.First(EntraClaimTypes.ObjectId), principal.First(EntraClaimTypes.TenantId),
            principal.Roles(EntraClaimTypes.Roles));
        try
        {
            return ValueTask.FromResult<Caller?>(_directory.Admit(identity, Method));
        }
        catch (FacadeException ex)
        {
            CallerAuthLog.PrincipalRejected(_logger, remoteIp, ex.Message);
            throw;
        }
    }

    private FacadeException Rejected(string? remoteIp, string reason)
    {
        CallerAuthLog.PrincipalRejected(_logger, remoteIp, reason);
        return FacadeErrors.InvalidToken(reason);
    }
}
