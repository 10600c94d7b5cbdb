namespace Functions.Core.Audit;

/// <summary>
/// What a property costs an entity under both limits that apply: the service's stored size (Understanding the
/// Table service data model: 8 bytes plus the UTF-16 name plus the value, strings 4 bytes plus UTF-16) and the
/// size of its JSON in the request as Azure.Data.Tables writes it, which Azurite measures against the same 1 MiB.
/// </summary>
internal readonly record struct AuditEntitySize(long Stored, long Json)
{
    /// <summary>The most either measure of one entity may reach here, leaving room under the 1 MiB limits.</summary>
    public const long EntityBudget = 960_000;

    public static AuditEntitySize operator +(AuditEntitySize left, AuditEntitySize right) => new(left.Stored + right.Stored, left.Json + right.Json);

    public static AuditEntitySize operator -(AuditEntitySize left, AuditEntitySize right) => new(left.Stored - right.Stored, left.Json - right.Json);

    public bool FitsIn(AuditEntitySize budget) => Stored <= budget.Stored && Json <= budget.Json;

    /// <summary>The cost of one property.</summary>
    public static AuditEntitySize Of(string name, object value)
    {
        var stored = value switch
        {
            string s => 4L + 2L * s.Length,
            bool => 1L,
            int => 4L,
            long or double or DateTimeOffset or DateTime => 8L,
            Guid => 16L,
            byte[] b => 4L + b.Length,
            _ => throw new ArgumentException($"Unsupported property type {value.GetType().Name}.", nameof(value)),
        };
        return new AuditEntitySize(8 + 2L * name.Length + stored, TablePayloadSize.OfProperty(name, value));
    }

    /// <summary>The cost of an entity's keys and its other properties.</summary>
    public static AuditEntitySize Of(TableEntity entity)
    {
        var size = new AuditEntitySize(4 + 2L * (entity.PartitionKey.Length + entity.RowKey.Length), 2);
        foreach (var (name, value) in entity)
        {
            if (value is null)
            {
                continue;
            }

            size += name is "PartitionKey" or "RowKey" ? new AuditEntitySize(0, TablePayloadSize.OfProperty(name, value)) : Of(name, value);
        }

        return size;
    }
}
