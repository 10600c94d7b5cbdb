using System.Globalization;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// Builds OData <c>$filter</c> expressions with literals quoted as the Table service expects
/// (strings in single quotes with quotes doubled, <c>datetime'…'</c>, <c>guid'…'</c>, <c>…L</c> for Int64).
/// </summary>
public static class TableFilter
{
    /// <summary><c>name eq value</c>.</summary>
    public static string Equal(string property, object value) => Compare(property, "eq", value);

    /// <summary><c>name ne value</c>.</summary>
    public static string NotEqual(string property, object value) => Compare(property, "ne", value);

    /// <summary><c>name ge value</c>.</summary>
    public static string GreaterOrEqual(string property, object value) => Compare(property, "ge", value);

    /// <summary><c>name gt value</c>.</summary>
    public static string GreaterThan(string property, object value) => Compare(property, "gt", value);

    /// <summary><c>name le value</c>.</summary>
    public static string LessOrEqual(string property, object value) => Compare(property, "le", value);

    /// <summary><c>name lt value</c>.</summary>
    public static string LessThan(string property, object value) => Compare(property, "lt", value);

    /// <summary>The conjunction of the given clauses, skipping empty ones.</summary>
    public static string And(params string?[] clauses)
    {
        var parts = clauses.Where(c => !string.IsNullOrEmpty(c)).Select(c => $"({c})").ToArray();
        return parts.Length == 1 ? parts[0][1..^1] : string.Join(" and ", parts);
    }

    /// <summary>The disjunction of the given clauses, skipping empty ones.</summary>
    public static string Or(params string?[] clauses)
    {
        var parts = clauses.Where(c => !string.IsNullOrEmpty(c)).Select(c => $"({c})").ToArray();
        return parts.Length == 1 ? parts[0][1..^1] : string.Join(" or ", parts);
    }

    /// <summary>
    /// Rows whose <paramref name="property"/> starts with <paramref name="prefix"/>: a range from the prefix to the
    /// prefix with its last character incremented, which the service answers from the key index.
    /// </summary>
    public static string StartsWith(string property, string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var upper = string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString());
        return And(GreaterOrEqual(property, prefix), LessThan(property, upper));
    }

    /// <summary>Formats a value as an OData literal.</summary>
    public static string Literal(object value) => value switch
    {
        string s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => d.ToString("R", CultureInfo.InvariantCulture) is var r && (r.Contains('.') || r.Contains('E')) ? r : r + ".0",
        DateTimeOffset d => $"datetime'{d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)}'",
        Guid g => $"guid'{g:D}'",
        _ => throw new ArgumentException($"Type {value.GetType().Name} cannot be used in a filter.", nameof(value)),
    };

    private static string Compare(string property, string op, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(property);
        ArgumentNullException.ThrowIfNull(value);
        return $"{property} {op} {Literal(value)}";
    }
}
