namespace Functions.Core.Audit;

/// <summary>
/// Names the audit store for a reviewer, so nobody reads another stack's records unawares: the table, the account
/// and its endpoint (host, port and path), and whether it is the local emulator (Azurite: the well-known
/// <c>devstoreaccount1</c> or a loopback endpoint). Never a key or a SAS: the endpoint is written without its query
/// and user info, and without its scheme.
/// </summary>
public static class AuditStoreName
{
    /// <summary>The account Azurite and the storage emulator serve (<c>UseDevelopmentStorage=true</c>).</summary>
    public const string EmulatorAccount = "devstoreaccount1";

    /// <summary>E.g. <c>table AuditLog in the local emulator (account devstoreaccount1 at 127.0.0.1:10002/devstoreaccount1)</c>.</summary>
    public static string Describe(AuditTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return Describe(tables.Service, tables.Records.Name);
    }

    /// <inheritdoc cref="Describe(AuditTables)"/>
    public static string Describe(TableServiceClient service, string table)
    {
        ArgumentNullException.ThrowIfNull(service);
        var uri = service.Uri;
        var endpoint = (uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}") + uri.AbsolutePath.TrimEnd('/');
        var account = string.IsNullOrEmpty(service.AccountName) ? "" : $"account {service.AccountName} at ";
        return service.AccountName == EmulatorAccount || uri.IsLoopback
            ? $"table {table} in the local emulator ({account}{endpoint})"
            : $"table {table} in {account}{endpoint}";
    }
}
