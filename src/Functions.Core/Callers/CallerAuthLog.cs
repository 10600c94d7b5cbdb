namespace Functions.Core.Callers;

/// <summary>Source-generated log messages of caller authentication. Never tokens, keys or claims beyond ids.</summary>
public static partial class CallerAuthLog
{
    [LoggerMessage(1101, LogLevel.Warning, "Rejected an Entra ID token from {RemoteIp}: {Reason} ({Failure})")]
    public static partial void TokenRejected(ILogger logger, string? remoteIp, string reason, string failure);

    [LoggerMessage(1102, LogLevel.Error, "Could not read the Entra ID metadata from {MetadataAddress}; bearer tokens cannot be checked")]
    public static partial void MetadataUnavailable(ILogger logger, string metadataAddress, Exception exception);

    [LoggerMessage(1103, LogLevel.Warning, "Rejected an Easy Auth principal from {RemoteIp}: {Reason}")]
    public static partial void PrincipalRejected(ILogger logger, string? remoteIp, string reason);

    [LoggerMessage(1104, LogLevel.Information, "Entra ID callers: tokens of tenant {TenantId} for {Audiences} are checked against {MetadataAddress}")]
    public static partial void EntraIdEnabled(ILogger logger, string? tenantId, string audiences, string metadataAddress);

    [LoggerMessage(1105, LogLevel.Information, "Easy Auth is on (WEBSITE_AUTH_ENABLED): X-MS-CLIENT-PRINCIPAL identifies callers")]
    public static partial void EasyAuthEnabled(ILogger logger);
}
