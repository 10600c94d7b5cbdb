using Azure;
using Functions.Core.Audit.Tables;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// A Table service that can be switched off: while <see cref="Down"/>, every operation fails as an unreachable
/// service does (status 0); otherwise it goes to the real service underneath. Counts the writes that went through.
/// </summary>
public sealed class SwitchableTableService(ITableService inner) : ITableService
{
    private int _writes;

    /// <summary>Whether every operation fails.</summary>
    public bool Down { get; set; }

    /// <summary>Inserts, updates and deletes that reached the service.</summary>
    public int Writes => Volatile.Read(ref _writes);

    public string AccountName => inner.AccountName;

    public ITableClient GetTableClient(string tableName) => new Client(this, inner.GetTableClient(tableName));

    public Task<bool> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken) =>
        Run(() => inner.CreateTableIfNotExistsAsync(tableName, cancellationToken));

    public Task<bool> DeleteTableAsync(string tableName, CancellationToken cancellationToken) =>
        Run(() => inner.DeleteTableAsync(tableName, cancellationToken));

    private Task<T> Run<T>(Func<Task<T>> operation) =>
        Down ? Task.FromException<T>(new TableServiceException(0, null, "The Table service could not be reached: Connection refused")) : operation();

    private Task<T> Write<T>(Func<Task<T>> operation)
    {
        if (!Down) Interlocked.Increment(ref _writes);
        return Run(operation);
    }

    private sealed class Client(SwitchableTableService owner, ITableClient table) : ITableClient
    {
        public string Name => table.Name;

        public Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken) =>
            owner.Run(() => table.CreateIfNotExistsAsync(cancellationToken));

        public Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken) =>
            owner.Write(() => table.AddEntityAsync(entity, cancellationToken));

        public Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken) =>
            owner.Write(() => table.UpsertEntityAsync(entity, mode, cancellationToken));

        public Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken) =>
            owner.Write(() => table.UpdateEntityAsync(entity, ifMatch, mode, cancellationToken));

        public Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken) =>
            owner.Write(() => table.DeleteEntityAsync(partitionKey, rowKey, ifMatch, cancellationToken));

        public Task<TableEntity?> GetEntityAsync(string partitionKey, string rowKey, IReadOnlyList<string>? select, CancellationToken cancellationToken) =>
            owner.Run(() => table.GetEntityAsync(partitionKey, rowKey, select, cancellationToken));

        public Task<TablePage> QueryPageAsync(TableQuery query, TableContinuationToken? continuation, CancellationToken cancellationToken) =>
            owner.Run(() => table.QueryPageAsync(query, continuation, cancellationToken));

        public IAsyncEnumerable<TableEntity> QueryAsync(TableQuery query, CancellationToken cancellationToken) =>
            owner.Down ? throw new TableServiceException(0, null, "The Table service could not be reached") : table.QueryAsync(query, cancellationToken);

        public Task<IReadOnlyList<TableTransactionResult>> SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) =>
            owner.Write(() => table.SubmitTransactionAsync(actions, cancellationToken));
    }
}
