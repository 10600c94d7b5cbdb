namespace Functions.Core.Audit.GroupCommit;

/// <summary>
/// Operations on one partition of one table that must land together: the <see cref="TableGroupCommitter"/>
/// puts them into one entity group transaction (possibly with other writes to the same partition), so either
/// all of them apply or none does.
/// </summary>
public sealed class TableWrite
{
    /// <summary>The most operations one entity group transaction may carry.</summary>
    public const int MaxOperations = 100;

    /// <summary>The most payload one entity group transaction may carry (the service's limit is 4 MiB).</summary>
    public const long MaxPayloadBytes = 4 * 1024 * 1024 - 128 * 1024;

    /// <summary>Groups <paramref name="actions"/>, all on the same partition, as one write.</summary>
    /// <exception cref="ArgumentException">No action, more than <see cref="MaxOperations"/>, more than one partition, or too large for a transaction.</exception>
    public TableWrite(TableClient table, IReadOnlyList<TableTransactionAction> actions, TableWritePriority priority)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxOperations)
        {
            throw new ArgumentException($"A write holds 1 to {MaxOperations} operations, not {actions.Count}.", nameof(actions));
        }

        PartitionKey = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            // Azurite accepts a transaction across partitions; the service does not, so neither does this.
            if (!string.Equals(action.Entity.PartitionKey, PartitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"A write stays in one partition: '{PartitionKey}' and '{action.Entity.PartitionKey}'.", nameof(actions));
            }

            if (!rows.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"A write touches row '{action.Entity.RowKey}' twice.", nameof(actions));
            }

            EstimatedBytes += TablePayloadSize.Of(action);
        }

        if (EstimatedBytes > MaxPayloadBytes)
        {
            throw new ArgumentException($"A write of about {EstimatedBytes} bytes does not fit one transaction.", nameof(actions));
        }

        Table = table;
        Actions = actions;
        Priority = priority;
        RowKeys = rows;
    }

    /// <summary>Groups a single operation as a write.</summary>
    public TableWrite(TableClient table, TableTransactionAction action, TableWritePriority priority)
        : this(table, [action], priority)
    {
    }

    /// <summary>The table written to.</summary>
    public TableClient Table { get; }

    /// <summary>The partition every operation is on.</summary>
    public string PartitionKey { get; }

    /// <summary>The operations, in the order they are sent.</summary>
    public IReadOnlyList<TableTransactionAction> Actions { get; }

    /// <summary>How soon the write must leave.</summary>
    public TableWritePriority Priority { get; }

    /// <summary>An upper bound of the bytes the operations add to a transaction's payload.</summary>
    public long EstimatedBytes { get; }

    internal IReadOnlySet<string> RowKeys { get; }
}
