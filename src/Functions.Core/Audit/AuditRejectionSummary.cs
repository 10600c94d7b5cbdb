using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit;

/// <summary>
/// A summary row: requests refused before routing (or refused calls) that one instance counted rather than
/// recorded one by one during an interval, by status and by error code.
/// </summary>
public sealed record AuditRejectionSummary
{
    /// <summary>The earliest rejection counted.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The latest rejection counted.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The instance that counted them.</summary>
    public string? Instance { get; init; }

    /// <summary>How many.</summary>
    public long Count { get; init; }

    /// <summary>Counts by HTTP status.</summary>
    public IReadOnlyDictionary<int, long> ByStatus { get; init; } = new Dictionary<int, long>();

    /// <summary>Counts by error code.</summary>
    public IReadOnlyDictionary<string, long> ByErrorCode { get; init; } = new Dictionary<string, long>();

    /// <summary>Reads a summary row.</summary>
    public static AuditRejectionSummary FromEntity(TableEntity entity) => new()
    {
        From = AuditValues.Time(entity, P.From),
        To = AuditValues.Time(entity, P.To),
        Instance = AuditValues.String(entity, P.Instance),
        Count = AuditValues.Int64(entity, P.Count) ?? 0,
        ByStatus = Counts(AuditValues.String(entity, P.ByStatus)).ToDictionary(p => int.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value),
        ByErrorCode = Counts(AuditValues.String(entity, P.ByErrorCode)),
    };

    private static Dictionary<string, long> Counts(string? json)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (json is null)
        {
            return counts;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            counts[property.Name] = property.Value.GetInt64();
        }

        return counts;
    }
}
