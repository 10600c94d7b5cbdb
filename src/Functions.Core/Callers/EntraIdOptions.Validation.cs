namespace Functions.Core.Callers;

public sealed partial class EntraIdOptions
{
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Checks the section at start-up; throws naming the setting.</summary>
    public void Validate(string section)
    {
        if (Enabled) ValidateTokenSettings(section);
        else if (!string.IsNullOrWhiteSpace(Audience) || !string.IsNullOrWhiteSpace(ClientId))
            throw Invalid($"{section}:TenantId", "is missing, so Entra ID tokens would not be checked although an audience is configured");

        foreach (var (role, i) in RequiredRoles.Select((r, i) => (r, i)))
        {
            if (string.IsNullOrWhiteSpace(role)) throw Invalid($"{section}:RequiredRoles:{i}", "is empty");
        }
        var seen = new HashSet<Guid>();
        for (var i = 0; i < Apps.Count; i++)
        {
            var appId = Apps[i].AppId;
            if (string.IsNullOrWhiteSpace(appId)) throw Invalid($"{section}:Apps:{i}:AppId", "is missing");
            if (!Guid.TryParse(appId, out var id)) throw Invalid($"{section}:Apps:{i}:AppId", "must be the calling app's client id, a GUID");
            if (!seen.Add(id)) throw Invalid($"{section}:Apps:{i}:AppId", $"'{appId}' is configured twice");
        }
    }

    private void ValidateTokenSettings(string section)
    {
        if (string.IsNullOrWhiteSpace(TenantId)) throw Invalid($"{section}:TenantId", "is missing");
        if (!Guid.TryParse(TenantId, out _)) throw Invalid($"{section}:TenantId", "must be the directory (tenant) id, a GUID");
        if (string.IsNullOrWhiteSpace(Audience))
            throw Invalid($"{section}:Audience", "is missing: set the facade's application id URI (api://...) or client id");
        if (!IsHttpUrl(Instance, requireHttps: true)) throw Invalid($"{section}:Instance", "must be an absolute https URL");
        if (MetadataAddress is not null && !IsHttpUrl(MetadataAddress, RequireHttpsMetadata))
        {
            throw Invalid($"{section}:MetadataAddress", RequireHttpsMetadata
                ? "must be an absolute https URL (plain http only with RequireHttpsMetadata=false, for a local test issuer)"
                : "must be an absolute http(s) URL");
        }
        if (ClockSkew < TimeSpan.Zero || ClockSkew > MaxClockSkew)
            throw Invalid($"{section}:ClockSkew", $"must be between 00:00:00 and {MaxClockSkew:c}");
        foreach (var (issuer, i) in Issuers.Select((s, i) => (s, i)))
        {
            if (!IsHttpUrl(issuer, requireHttps: false)) throw Invalid($"{section}:Issuers:{i}", "must be an absolute URL");
        }
    }

    private static bool IsHttpUrl(string value, bool requireHttps) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (!requireHttps && uri.Scheme == Uri.UriSchemeHttp));

    private static InvalidOperationException Invalid(string setting, string problem) =>
        new($"Configuration error: {setting} {problem}.");
}
