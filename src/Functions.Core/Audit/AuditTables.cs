using Functions.Core.Audit.Tables;

namespace Functions.Core.Audit;

/// <summary>
/// The two audit tables: the records (<c>{TableName}</c>) and the index (<c>{TableName}Index</c>: by caller,
/// by request id, flagged calls). Created at first use.
/// </summary>
public sealed class AuditTables
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;

    /// <summary>Names the tables on a Table service.</summary>
    /// <exception cref="ArgumentException">The name is not a valid table name (3–58 letters and digits, starting with a letter).</exception>
    public AuditTables(ITableService service, string tableName)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (string.IsNullOrEmpty(tableName) || tableName.Length is < 3 or > 58 || !char.IsAsciiLetter(tableName[0]) || !tableName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"Audit:TableName '{tableName}' must be 3 to 58 letters and digits, starting with a letter.", nameof(tableName));
        }

        Service = service;
        Records = service.GetTableClient(tableName);
        Index = service.GetTableClient(tableName + "Index");
    }

    /// <summary>The Table service the tables live on.</summary>
    public ITableService Service { get; }

    /// <summary>Record rows and their continuation rows.</summary>
    public ITableClient Records { get; }

    /// <summary>Index rows pointing at records.</summary>
    public ITableClient Index { get; }

    /// <summary>Forgets that the tables exist, after the service said one does not (someone deleted it, or an emulator lost it).</summary>
    public void Invalidate() => _created = false;

    /// <summary>Creates both tables if missing, once per process (again after a failure or <see cref="Invalidate"/>).</summary>
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
                await Index.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _createLock.Release();
        }
    }
}
