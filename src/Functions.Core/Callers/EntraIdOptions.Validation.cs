namespace Functions.Core.Callers;

public sealed partial class EntraIdOptions
{
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>What is wrong with the section, each problem naming its setting.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (Enabled)
        {
            foreach (var problem in TokenSettingProblems(section)) yield return problem;
        }
        else if (!string.IsNullOrWhiteSpace(Audience) || !string.IsNullOrWhiteSpace(ClientId))
        {
            yield return $"{section}:TenantId is missing, so Entra ID tokens would not be checked although an audience is configured.";
        }

        foreach (var (role, i) in RequiredRoles.Select((r, i) => (r, i)))
        {
            if (string.IsNullOrWhiteSpace(role)) yield return $"{section}:RequiredRoles:{i} is empty.";
        }
        var seen = new HashSet<Guid>();
        for (var i = 0; i < Apps.Count; i++)
        {
            var appId = Apps[i].AppId;
            if (string.IsNullOrWhiteSpace(appId)) yield return $"{section}:Apps:{i}:AppId is missing.";
            else if (!Guid.TryParse(appId, out var id)) yield return $"{section}:Apps:{i}:AppId must be the calling app's client id, a GUID.";
            else if (!seen.Add(id)) yield return $"{section}:Apps:{i}:AppId '{appId}' is configured twice.";
        }
    }

    private IEnumerable<string> TokenSettingProblems(string section)
    {
        if (string.IsNullOrWhiteSpace(TenantId)) yield return $"{section}:TenantId is missing.";
        else if (!Guid.TryParse(TenantId, out _)) yield return $"{section}:TenantId must be the directory (tenant) id, a GUID.";
        if (string.IsNullOrWhiteSpace(Audience))
            yield return $"{section}:Audience is missing: set the facade's application id URI (api://...) or client id.";
        if (!IsHttpUrl(Instance, requireHttps: true)) yield return $"{section}:Instance must be an absolute https URL.";
        if (MetadataAddress is not null && !IsHttpUrl(MetadataAddress, RequireHttpsMetadata))
        {
            yield return $"{section}:MetadataAddress " + (RequireHttpsMetadata
                ? "must be an absolute https URL (plain http only with RequireHttpsMetadata=false, for a local test issuer)."
                : "must be an absolute http(s) URL.");
        }
        if (ClockSkew < TimeSpan.Zero || ClockSkew > MaxClockSkew)
            yield return $"{section}:ClockSkew must be between 00:00:00 and {MaxClockSkew:c}.";
        foreach (var (issuer, i) in Issuers.Select((s, i) => (s, i)))
        {
            if (!IsHttpUrl(issuer, requireHttps: false)) yield return $"{section}:Issuers:{i} must be an absolute URL.";
        }
    }

    private static bool IsHttpUrl(string value, bool requireHttps) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (!requireHttps && uri.Scheme == Uri.UriSchemeHttp));

}
