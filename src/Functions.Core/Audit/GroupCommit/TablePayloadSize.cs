namespace Functions.Core.Audit.GroupCommit;

/// <summary>
/// Upper bounds of what an entity costs in a request, as Azure.Data.Tables writes it: JSON from
/// <c>Utf8JsonWriter</c> with its default encoder, which escapes every non-ASCII UTF-16 unit and the
/// HTML-sensitive ASCII characters as <c>\uXXXX</c> (6 bytes), plus OData type annotations.
/// </summary>
public static class TablePayloadSize
{
    /// <summary>What one operation adds to a batch's multipart body besides its entity's JSON (headers, boundaries, URL).</summary>
    private const int PerOperationOverhead = 512;

    /// <summary>The bytes of <paramref name="value"/> as a JSON string, quotes included (an upper bound).</summary>
    public static long OfString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        long bytes = 2;
        foreach (var c in value)
        {
            bytes += c is >= ' ' and <= '~' and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') ? 1 : 6;
        }

        return bytes;
    }

    /// <summary>The bytes of one property, its name and OData type annotation included (an upper bound).</summary>
    public static long OfProperty(string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var annotation = name.Length + 32;
        var json = value switch
        {
            null => 4,
            string s => OfString(s),
            bool => 5,
            int => 11,
            long => 22 + annotation,
            double => 26 + annotation,
            DateTimeOffset or DateTime => 34 + annotation,
            Guid => 38 + annotation,
            byte[] b => (b.Length + 2) / 3 * 4 + 2 + annotation,
            _ => throw new ArgumentException($"Unsupported property type {value.GetType().Name}.", nameof(value)),
        };
        return OfString(name) + 2 + json;
    }

    /// <summary>The bytes of an entity's JSON (an upper bound).</summary>
    public static long OfEntity(ITableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long bytes = 2;
        if (entity is IDictionary<string, object> properties)
        {
            foreach (var (name, value) in properties)
            {
                bytes += OfProperty(name, value);
            }
        }
        else
        {
            bytes += OfProperty("PartitionKey", entity.PartitionKey) + OfProperty("RowKey", entity.RowKey);
        }

        return bytes;
    }

    /// <summary>The bytes one operation adds to a transaction's payload (an upper bound).</summary>
    public static long Of(TableTransactionAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var keys = 3L * (action.Entity.PartitionKey.Length + action.Entity.RowKey.Length);
        return PerOperationOverhead + keys + (action.ActionType == TableTransactionActionType.Delete ? 0 : OfEntity(action.Entity));
    }
}
