namespace Functions.Core.Callers;

/// <summary>
/// The decoded <c>X-MS-CLIENT-PRINCIPAL</c> header that App Service authentication (Easy Auth) sets:
/// base64 of <c>{"auth_typ": "aad", "claims": [{"typ": "...", "val": "..."}], "name_typ": "...", "role_typ": "..."}</c>.
/// Claim types may have been through the default claim mapping, so some arrive as URIs.
/// See https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities
/// </summary>
public sealed class ClientPrincipal
{
    /// <summary>Larger headers are not a principal Easy Auth would send.</summary>
    private const int MaxHeaderChars = 32 * 1024;

    private readonly List<(string Type, string Value)> _claims;

    private ClientPrincipal(string? authType, string? roleType, List<(string Type, string Value)> claims)
    {
        AuthType = authType;
        RoleType = roleType;
        _claims = claims;
    }

    /// <summary>The identity provider: <c>aad</c> for Entra ID.</summary>
    public string? AuthType { get; }

    /// <summary>The claim type that carries roles, when the provider defined one.</summary>
    public string? RoleType { get; }

    /// <summary>The first value of the first of <paramref name="types"/> present.</summary>
    public string? First(IEnumerable<string> types)
    {
        foreach (var type in types)
        {
            foreach (var (t, v) in _claims)
            {
                if (string.Equals(t, type, StringComparison.OrdinalIgnoreCase) && v.Length > 0) return v;
            }
        }
        return null;
    }

    /// <summary>Every value of the role claims: the listed types and this principal's <see cref="RoleType"/>.</summary>
    public IReadOnlyCollection<string> Roles(IEnumerable<string> types)
    {
        var all = RoleType is null ? types : types.Append(RoleType);
        return [.. _claims.Where(c => all.Contains(c.Type, StringComparer.OrdinalIgnoreCase)).Select(c => c.Value).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Decodes the header; null when it is not base64 of a JSON object with a claims array.</summary>
    public static ClientPrincipal? Parse(string header)
    {
        if (header.Length is 0 or > MaxHeaderChars) return null;
        var bytes = new byte[header.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(header.Trim(), bytes, out var length)) return null;
        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, length));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("claims", out var claimsElement)
                || claimsElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var claims = new List<(string, string)>();
            foreach (var claim in claimsElement.EnumerateArray())
            {
                if (claim.ValueKind != JsonValueKind.Object) return null;
                if (Text(claim, "typ") is { } type && Text(claim, "val") is { } value) claims.Add((type, value));
            }
            return new ClientPrincipal(Text(root, "auth_typ"), Text(root, "role_typ"), claims);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
}
