using Azure;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// One entity of a table: its keys, its version and a bag of typed properties. The property types are the
/// Table service's: <see cref="string"/>, <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>
/// (<c>Edm.Int64</c>), <see cref="double"/>, <see cref="DateTimeOffset"/> (<c>Edm.DateTime</c>),
/// <see cref="Guid"/> and <see cref="byte"/> arrays (<c>Edm.Binary</c>).
/// </summary>
public sealed class TableEntity : IEnumerable<KeyValuePair<string, object>>
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    /// <summary>Creates an entity with the given keys and no properties.</summary>
    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
        RowKey = rowKey ?? throw new ArgumentNullException(nameof(rowKey));
    }

    /// <summary>The partition key; entities with the same one can share an entity group transaction.</summary>
    public string PartitionKey { get; set; }

    /// <summary>The row key, unique within the partition; rows sort by it.</summary>
    public string RowKey { get; set; }

    /// <summary>The service's version of the entity (empty on entities not read from the service).</summary>
    public ETag ETag { get; set; }

    /// <summary>When the service last changed the entity (set by the service, ignored on writes).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>How many custom properties the entity has.</summary>
    public int Count => _properties.Count;

    /// <summary>The names of the custom properties.</summary>
    public IEnumerable<string> Keys => _properties.Keys;

    /// <summary>Gets a property, or <c>null</c> when absent; setting <c>null</c> removes it.</summary>
    /// <exception cref="ArgumentException">The value's type is not one the Table service stores.</exception>
    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            if (value is null)
            {
                _properties.Remove(name);
                return;
            }

            _properties[name] = Normalize(name, value);
        }
    }

    /// <summary>Whether the entity has a property of that name.</summary>
    public bool ContainsKey(string name) => _properties.ContainsKey(name);

    /// <summary>Removes a property; returns whether it was there.</summary>
    public bool Remove(string name) => _properties.Remove(name);

    public string? GetString(string name) => this[name] as string;

    public bool? GetBoolean(string name) => this[name] as bool?;

    public int? GetInt32(string name) => this[name] switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => null,
    };

    public long? GetInt64(string name) => this[name] switch
    {
        long l => l,
        int i => i,
        _ => null,
    };

    public double? GetDouble(string name) => this[name] switch
    {
        double d => d,
        int i => i,
        long l => l,
        _ => null,
    };

    public DateTimeOffset? GetDateTimeOffset(string name) => this[name] as DateTimeOffset?;

    public Guid? GetGuid(string name) => this[name] as Guid?;

    public byte[]? GetBinary(string name) => this[name] as byte[];

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static object Normalize(string name, object value) => value switch
    {
        string or bool or int or long or double or Guid or byte[] => value,
        DateTimeOffset d => d.ToUniversalTime(),
        DateTime d => new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime()),
        BinaryData b => b.ToArray(),
        float f => (double)f,
        _ => throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}, which the Table service does not store.", nameof(value)),
    };
}
