namespace Functions.Core.Providers.Baidu.SharedToken;

/// <summary>
/// <c>Providers:Baidu:SharedToken:*</c>: the access token shared by every instance through a table of the audit
/// storage account (<see cref="SharedBaiduTokenSource"/>). In use when <see cref="Enabled"/> and the audit
/// storage is configured (<c>Audit:ConnectionString</c> or <c>Audit:TableServiceUri</c>).
/// </summary>
public sealed class BaiduSharedTokenOptions
{
    /// <summary>The table's default name.</summary>
    public const string DefaultTableName = "FacadeTokens";

    /// <summary>Whether the token is shared when the audit storage is configured; false keeps one token per instance.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The table of the audit storage account that holds the token; never one of the audit tables.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>Longest wait for one operation on the table; beyond it the instance mints its own token.</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often an instance waiting for another one's new token reads the table again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>What is wrong with the section, each problem naming its setting.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (!IsTableName(TableName)) yield return $"{section}:TableName '{TableName}' must be 3 to 63 letters and digits, starting with a letter.";
        if (StoreTimeout <= TimeSpan.Zero) yield return $"{section}:StoreTimeout must be positive.";
        if (PollInterval <= TimeSpan.Zero) yield return $"{section}:PollInterval must be positive.";
    }

    /// <summary>
    /// Refuses the audit table's name (<c>Audit:TableName</c>; table names are case-insensitive): the token must
    /// never sit where the audit is read, scanned and verified.
    /// </summary>
    public IEnumerable<string> ProblemsWithAuditTable(string section, string auditTableName)
    {
        if (string.Equals(TableName, auditTableName, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{section}:TableName '{TableName}' is an audit table; the shared Baidu token needs a table of its own.";
        }
    }

    private static bool IsTableName(string? name) =>
        name is { Length: >= 3 and <= 63 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit)
        && !name.Equals("tables", StringComparison.OrdinalIgnoreCase);
}
