using System.Text;
using Azure.Core;

namespace Functions.Core.Audit.Tables;

internal sealed partial class TableClient
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<TableTransactionResult>> SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > TableBatchBody.MaxOperations)
        {
            throw new ArgumentException($"An entity group transaction holds 1 to {TableBatchBody.MaxOperations} operations, not {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(a => a.Entity.PartitionKey != partition))
        {
            throw new ArgumentException("All operations of an entity group transaction must share one partition key.", nameof(actions));
        }

        var (body, contentType) = TableBatchBody.Write(connection, Name, actions);
        if (body.Length > TableBatchBody.MaxPayloadBytes)
        {
            throw new ArgumentException($"The transaction's payload is {body.Length} bytes; the service takes at most {TableBatchBody.MaxPayloadBytes}.", nameof(actions));
        }

        using var message = connection.CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue("Content-Type", contentType);
        message.Request.Content = RequestContent.Create(body);
        var response = await connection.SendAsync(message, cancellationToken, 202).ConfigureAwait(false);
        return TableBatchResponse.Read(Encoding.UTF8.GetString(response.Content.ToMemory().Span), actions.Count);
    }
}
