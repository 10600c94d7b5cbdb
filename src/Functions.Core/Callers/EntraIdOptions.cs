namespace Functions.Core.Callers;

/// <summary>
/// <c>Auth:Entra:*</c>: callers with Entra ID access tokens. Bearer tokens are checked in the app only
/// when <see cref="TenantId"/> (or <see cref="MetadataAddress"/>) is set; the app list and the required
/// roles also apply to Easy Auth principals.
/// </summary>
public sealed partial class EntraIdOptions
{
    public const string Section = "Auth:Entra";

    /// <summary>The tenant (directory) id whose tokens are accepted: a GUID.</summary>
    public string? TenantId { get; set; }

    /// <summary>The facade's app registration: its application id URI (<c>api://…</c>) or its client id.</summary>
    public string? Audience { get; set; }

    /// <summary>The facade's client id, when <see cref="Audience"/> is an application id URI not of the form <c>api://{client id}</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The Entra ID sign-in host; another cloud's (e.g. <c>https://login.chinacloudapi.cn/</c>) for sovereign clouds.</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>Where the OpenID Connect metadata is; by default the tenant's v2.0 document under <see cref="Instance"/>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Refuse metadata and keys over plain http. Turn off only for a local test issuer.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Accepted token issuers; by default the tenant's v1.0 (<c>sts.windows.net</c>) and v2.0 issuers.</summary>
    public List<string> Issuers { get; set; } = [];

    /// <summary>App roles of which a token must carry at least one; empty means no role is required.</summary>
    public List<string> RequiredRoles { get; set; } = [];

    /// <summary>Tolerance for clocks that disagree when checking a token's lifetime.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Apps known by id: their audit name and model allowlist.</summary>
    public List<EntraAppOptions> Apps { get; set; } = [];

    /// <summary>Reject apps not listed in <see cref="Apps"/>, even with a valid token.</summary>
    public bool RequireListedApps { get; set; }

    /// <summary>Whether bearer tokens are to be checked in the app.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(TenantId) || !string.IsNullOrWhiteSpace(MetadataAddress);

    /// <summary>The tenant-specific metadata document, unless configured otherwise.</summary>
    public string EffectiveMetadataAddress =>
        MetadataAddress ?? $"{Instance.TrimEnd('/')}/{TenantId}/v2.0/.well-known/openid-configuration";

    /// <summary>The issuers tokens may come from.</summary>
    public IReadOnlyList<string> EffectiveIssuers => Issuers.Count > 0
        ? Issuers
        : [$"https://sts.windows.net/{TenantId}/", $"{Instance.TrimEnd('/')}/{TenantId}/v2.0"];

    /// <summary>
    /// The audiences tokens may be for: v1.0 tokens carry the application id URI, v2.0 tokens the client id,
    /// so <c>api://{id}</c> and <c>{id}</c> are accepted together.
    /// </summary>
    public IReadOnlyList<string> EffectiveAudiences
    {
        get
        {
            var audiences = new List<string>();
            foreach (var value in new[] { Audience, ClientId })
            {
                if (string.IsNullOrWhiteSpace(value)) continue;
                audiences.Add(value);
                if (value.StartsWith("api://", StringComparison.OrdinalIgnoreCase)) audiences.Add(value["api://".Length..]);
                else if (Guid.TryParse(value, out _)) audiences.Add("api://" + value);
            }
            return [.. audiences.Distinct(StringComparer.Ordinal)];
        }
    }
}
