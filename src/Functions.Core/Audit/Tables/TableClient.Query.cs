using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;

namespace Functions.Core.Audit.Tables;

internal sealed partial class TableClient
{
    /// <inheritdoc />
    public async Task<TableEntity?> GetEntityAsync(string partitionKey, string rowKey, IReadOnlyList<string>? select, CancellationToken cancellationToken)
    {
        var query = select is { Count: > 0 } ? "$select=" + Uri.EscapeDataString(SelectList(select)) : null;
        using var message = connection.CreateMessage(RequestMethod.Get, TableRestConnection.EntityPath(Name, partitionKey, rowKey), query);
        var response = await connection.SendAsync(message, cancellationToken, 200, 404).ConfigureAwait(false);
        if (response.Status == 404)
        {
            var exception = TableRestConnection.CreateException(response);
            return exception.ErrorCode == "ResourceNotFound" ? null : throw exception;
        }

        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var entity = TableEntityJson.Parse(document.RootElement);
        if (response.Headers.TryGetValue("ETag", out var etag))
        {
            entity.ETag = new ETag(etag);
        }

        return entity;
    }

    /// <inheritdoc />
    public async Task<TablePage> QueryPageAsync(TableQuery query, TableContinuationToken? continuation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var message = connection.CreateMessage(RequestMethod.Get, Name + "()", BuildQueryString(query, continuation));
        var response = await connection.SendAsync(message, cancellationToken, 200).ConfigureAwait(false);

        var entities = new List<TableEntity>();
        using (var document = JsonDocument.Parse(response.Content.ToMemory()))
        {
            foreach (var element in document.RootElement.GetProperty("value").EnumerateArray())
            {
                entities.Add(TableEntityJson.Parse(element));
            }
        }

        TableContinuationToken? next = null;
        if (response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPartition) && !string.IsNullOrEmpty(nextPartition))
        {
            response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRow);
            next = new TableContinuationToken(nextPartition, string.IsNullOrEmpty(nextRow) ? null : nextRow);
        }

        return new TablePage(entities, next);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TableEntity> QueryAsync(TableQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableContinuationToken? continuation = null;
        do
        {
            var page = await QueryPageAsync(query, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    private static string BuildQueryString(TableQuery query, TableContinuationToken? continuation)
    {
        var builder = new StringBuilder();
        Append(builder, "$filter", query.Filter);
        Append(builder, "$select", query.Select is { Count: > 0 } ? SelectList(query.Select) : null);
        Append(builder, "$top", query.Top is { } top ? Math.Clamp(top, 1, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        Append(builder, "NextPartitionKey", continuation?.NextPartitionKey);
        Append(builder, "NextRowKey", continuation?.NextRowKey);
        return builder.ToString();
    }

    /// <summary>The <c>$select</c> list, keys and timestamp always included so that every entity read is addressable.</summary>
    private static string SelectList(IReadOnlyList<string> select) =>
        string.Join(',', new[] { "PartitionKey", "RowKey", "Timestamp" }.Concat(select).Distinct(StringComparer.Ordinal));

    private static void Append(StringBuilder builder, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        builder.Append(builder.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
