using System.Text;
using Azure;
using Azure.Core;

namespace Functions.Core.Audit.Tables;

/// <summary>The entities of one table over the REST API; reads are in <c>TableClient.Query.cs</c>, batches in <c>TableClient.Transaction.cs</c>.</summary>
internal sealed partial class TableClient(TableRestConnection connection, string name) : ITableClient
{
    private static readonly RequestMethod s_merge = new("MERGE");

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        using var message = connection.CreateMessage(RequestMethod.Post, "Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        TableRestConnection.SetJsonContent(message, Encoding.UTF8.GetBytes($"{{\"TableName\":\"{Name}\"}}"));
        var response = await connection.SendAsync(message, cancellationToken, 201, 204, 409).ConfigureAwait(false);
        if (response.Status != 409)
        {
            return true;
        }

        var exception = TableRestConnection.CreateException(response);
        return exception.ErrorCode == "TableAlreadyExists" ? false : throw exception;
    }

    /// <inheritdoc />
    public async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = connection.CreateMessage(RequestMethod.Post, Name);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        TableRestConnection.SetJsonContent(message, TableEntityJson.Serialize(entity));
        var response = await connection.SendAsync(message, cancellationToken, 201, 204).ConfigureAwait(false);
        return ReadETag(response);
    }

    /// <inheritdoc />
    public Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken) =>
        WriteEntityAsync(entity, mode, ifMatch: null, cancellationToken);

    /// <inheritdoc />
    public Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken) =>
        WriteEntityAsync(entity, mode, IfMatchValue(ifMatch), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken)
    {
        using var message = connection.CreateMessage(RequestMethod.Delete, TableRestConnection.EntityPath(Name, partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", IfMatchValue(ifMatch));
        var response = await connection.SendAsync(message, cancellationToken, 204, 404).ConfigureAwait(false);
        if (response.Status == 204)
        {
            return true;
        }

        var exception = TableRestConnection.CreateException(response);
        return exception.ErrorCode == "ResourceNotFound" ? false : throw exception;
    }

    private async Task<ETag> WriteEntityAsync(TableEntity entity, TableUpdateMode mode, string? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var method = mode == TableUpdateMode.Merge ? s_merge : RequestMethod.Put;
        using var message = connection.CreateMessage(method, TableRestConnection.EntityPath(Name, entity.PartitionKey, entity.RowKey));
        if (ifMatch is not null)
        {
            // Without If-Match, MERGE and PUT insert a missing entity (Insert Or Merge / Insert Or Replace).
            message.Request.Headers.SetValue("If-Match", ifMatch);
        }

        TableRestConnection.SetJsonContent(message, TableEntityJson.Serialize(entity));
        var response = await connection.SendAsync(message, cancellationToken, 204).ConfigureAwait(false);
        return ReadETag(response);
    }

    internal static string IfMatchValue(ETag ifMatch) => ifMatch == default ? "*" : ifMatch.ToString();

    private static ETag ReadETag(Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) ? new ETag(etag) : default;
}
