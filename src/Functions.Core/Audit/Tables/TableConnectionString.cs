namespace Functions.Core.Audit.Tables;

/// <summary>
/// A storage connection string reduced to what the Table client needs: the Table endpoint and the account's
/// name and key. Understands <c>UseDevelopmentStorage=true</c> (Azurite's documented account
/// <c>devstoreaccount1</c> at <c>http://127.0.0.1:10002/devstoreaccount1</c>) and the usual
/// <c>DefaultEndpointsProtocol</c>, <c>AccountName</c>, <c>AccountKey</c>, <c>TableEndpoint</c>,
/// <c>EndpointSuffix</c> keys.
/// </summary>
public sealed record TableConnectionString(Uri TableEndpoint, string AccountName, string AccountKey)
{
    /// <summary>Azurite's and the storage emulator's well-known account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's and the storage emulator's well-known account key (public, documented).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Parses a connection string.</summary>
    /// <exception cref="FormatException">The string misses a required key or is not a storage connection string.</exception>
    public static TableConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException("A storage connection string is a list of Key=Value pairs separated by ';'.");
            }

            settings[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            var proxy = settings.TryGetValue("DevelopmentStorageProxyUri", out var p) ? new Uri(p) : new Uri("http://127.0.0.1");
            var endpoint = new UriBuilder(proxy) { Port = 10002, Path = DevelopmentAccountName }.Uri;
            return new TableConnectionString(endpoint, DevelopmentAccountName, DevelopmentAccountKey);
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("SAS connection strings are not supported; use an account key or Audit:TableServiceUri with an Entra ID identity.");
        }

        var accountName = Required(settings, "AccountName");
        var accountKey = Required(settings, "AccountKey");
        if (settings.TryGetValue("TableEndpoint", out var tableEndpoint))
        {
            return new TableConnectionString(new Uri(tableEndpoint), accountName, accountKey);
        }

        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new TableConnectionString(new Uri($"{protocol}://{accountName}.table.{suffix}"), accountName, accountKey);
    }

    /// <summary>The account's shared key credential.</summary>
    public TableSharedKeyCredential Credential => new(AccountName, AccountKey);

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"TableEndpoint={TableEndpoint};AccountName={AccountName};AccountKey=***";

    private static string Required(Dictionary<string, string> settings, string key) =>
        settings.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The storage connection string has no {key}.");
}
