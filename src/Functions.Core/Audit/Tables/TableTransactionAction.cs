using Azure;

namespace Functions.Core.Audit.Tables;

/// <summary>One operation of an entity group transaction.</summary>
/// <param name="ActionType">What to do with the entity.</param>
/// <param name="Entity">The entity; only its keys matter for <see cref="TableTransactionActionType.Delete"/>.</param>
/// <param name="IfMatch">The version to require for updates and deletes; default means any (<c>*</c>).</param>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag IfMatch = default)
{
    private byte[]? _body;

    /// <summary>The entity as the JSON the operation sends (empty for a delete), serialized once.</summary>
    internal ReadOnlySpan<byte> Body => _body ??= ActionType == TableTransactionActionType.Delete ? [] : TableEntityJson.Serialize(Entity);

    /// <summary>The bytes this operation adds to a batch's payload, headers included (an upper bound).</summary>
    internal int EstimatedPayloadBytes => Body.Length + 512 + 3 * (Entity.PartitionKey.Length + Entity.RowKey.Length);
}
