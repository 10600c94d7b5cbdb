namespace Functions.Core.Audit.Tables;

/// <summary>A storage account's Table service: its tables, and a client for each.</summary>
public interface ITableService
{
    /// <summary>The account's name.</summary>
    string AccountName { get; }

    /// <summary>A client for the entities of one table (no request is made).</summary>
    ITableClient GetTableClient(string tableName);

    /// <summary>Creates the table; returns <c>false</c> when it already existed.</summary>
    Task<bool> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken);

    /// <summary>Deletes the table; returns <c>false</c> when there was none.</summary>
    Task<bool> DeleteTableAsync(string tableName, CancellationToken cancellationToken);
}
