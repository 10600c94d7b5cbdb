using Functions.Core.Audit.Tables;

namespace Functions.Core.Audit;

/// <summary>
/// What a property costs an entity under both limits that apply: the service's stored size (Understanding the
/// Table service data model: 8 bytes plus the UTF-16 name plus the value, strings 4 bytes plus UTF-16) and the
/// size of its JSON in the request, which Azurite measures against the same 1 MiB.
/// </summary>
internal readonly record struct AuditEntitySize(long Stored, long Json)
{
    /// <summary>The most either measure of one entity may reach here, leaving room under the 1 MiB limits.</summary>
    public const long EntityBudget = 960_000;

    public static AuditEntitySize operator +(AuditEntitySize left, AuditEntitySize right) => new(left.Stored + right.Stored, left.Json + right.Json);

    public bool FitsIn(AuditEntitySize budget) => Stored <= budget.Stored && Json <= budget.Json;

    /// <summary>The cost of one property.</summary>
    public static AuditEntitySize Of(string name, object value)
    {
        var (stored, json) = value switch
        {
            string s => (4L + 2L * s.Length, (long)TableJsonString.GetQuotedByteCount(s)),
            bool => (1L, 5L),
            int => (4L, 11L),
            long => (8L, 40L + name.Length),
            double => (8L, 50L + name.Length),
            DateTimeOffset => (8L, 60L + name.Length),
            Guid => (16L, 70L + name.Length),
            byte[] b => (4L + b.Length, 40L + name.Length + (b.Length + 2) / 3 * 4),
            _ => throw new ArgumentException($"Unsupported property type {value.GetType().Name}.", nameof(value)),
        };
        return new AuditEntitySize(8 + 2L * name.Length + stored, name.Length + 4 + json);
    }

    /// <summary>The cost of an entity's keys and its other properties.</summary>
    public static AuditEntitySize Of(TableEntity entity)
    {
        var size = new AuditEntitySize(4 + 2L * (entity.PartitionKey.Length + entity.RowKey.Length), 40 + entity.PartitionKey.Length + entity.RowKey.Length);
        foreach (var (name, value) in entity)
        {
            size += Of(name, value);
        }

        return size;
    }
}
