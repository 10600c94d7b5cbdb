namespace Functions.Core.Audit;

/// <summary>
/// The audit table (<c>{TableName}</c>): records, their caller and flagged index rows, continuation rows and
/// rejection summaries in day lanes, and the request id index in partitions of its own. Created at first use.
/// </summary>
public sealed class AuditTables
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;

    /// <summary>Names the table on a Table service.</summary>
    /// <exception cref="ArgumentException">The name is not a valid table name (3–58 letters and digits, starting with a letter).</exception>
    public AuditTables(TableServiceClient service, string tableName)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (string.IsNullOrEmpty(tableName) || tableName.Length is < 3 or > 58 || !char.IsAsciiLetter(tableName[0]) || !tableName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"Audit:TableName '{tableName}' must be 3 to 58 letters and digits, starting with a letter.", nameof(tableName));
        }

        Service = service;
        Records = service.GetTableClient(tableName);
    }

    /// <summary>The Table service the table lives on.</summary>
    public TableServiceClient Service { get; }

    /// <summary>The audit table.</summary>
    public TableClient Records { get; }

    /// <summary>Forgets that the table exists, after the service said it does not (someone deleted it, or an emulator lost it).</summary>
    public void Invalidate() => _created = false;

    /// <summary>Creates the table if missing, once per process (again after a failure or <see cref="Invalidate"/>).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await Records.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _createLock.Release();
        }
    }
}
