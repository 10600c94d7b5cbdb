using Azure;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// The entities of one table, shaped after Azure.Data.Tables' <c>TableClient</c>. Every failure is a
/// <see cref="TableServiceException"/> carrying the HTTP status and the service's error code.
/// </summary>
public interface ITableClient
{
    /// <summary>The table's name.</summary>
    string Name { get; }

    /// <summary>Creates the table; returns <c>false</c> when it already existed.</summary>
    Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken);

    /// <summary>Inserts the entity (Insert Entity); fails with 409 <c>EntityAlreadyExists</c> when the row exists.</summary>
    /// <returns>The new entity's ETag.</returns>
    Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken);

    /// <summary>Inserts the entity or merges it into / replaces the existing one (Insert Or Merge / Insert Or Replace).</summary>
    Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken);

    /// <summary>Merges into or replaces an existing entity (Merge / Update Entity); default <paramref name="ifMatch"/> means any version.</summary>
    Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken);

    /// <summary>Deletes an entity; returns <c>false</c> when there was none. Default <paramref name="ifMatch"/> means any version.</summary>
    Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken);

    /// <summary>Reads one entity (Get Entity), or <c>null</c> when it does not exist.</summary>
    Task<TableEntity?> GetEntityAsync(string partitionKey, string rowKey, IReadOnlyList<string>? select, CancellationToken cancellationToken);

    /// <summary>Reads one page of a query (Query Entities), starting where <paramref name="continuation"/> says.</summary>
    Task<TablePage> QueryPageAsync(TableQuery query, TableContinuationToken? continuation, CancellationToken cancellationToken);

    /// <summary>Reads every entity of a query, following continuation tokens page after page.</summary>
    IAsyncEnumerable<TableEntity> QueryAsync(TableQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Runs up to 100 operations on one partition, at most 4 MiB of payload, as one entity group transaction: all
    /// of them apply or none does. A failed operation surfaces as a <see cref="TableServiceException"/> with
    /// <see cref="TableServiceException.FailedOperationIndex"/>.
    /// </summary>
    Task<IReadOnlyList<TableTransactionResult>> SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken);
}
