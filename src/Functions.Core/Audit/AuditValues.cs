namespace Functions.Core.Audit;

/// <summary>
/// Reads audit properties whatever type the service handed back: a double written as 12.0 comes back as a
/// JSON 12 (an Int32 to Azure.Data.Tables), and a date as a <see cref="DateTime"/>.
/// </summary>
internal static class AuditValues
{
    public static string? String(TableEntity entity, string name) => entity.TryGetValue(name, out var value) ? value as string : null;

    public static int? Int32(TableEntity entity, string name) => entity.TryGetValue(name, out var value) ? value switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        double d when d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    } : null;

    public static long? Int64(TableEntity entity, string name) => entity.TryGetValue(name, out var value) ? value switch
    {
        int i => i,
        long l => l,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    } : null;

    public static double? Double(TableEntity entity, string name) => entity.TryGetValue(name, out var value) ? value switch
    {
        double d => d,
        int i => i,
        long l => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    } : null;

    public static bool? Boolean(TableEntity entity, string name) => entity.TryGetValue(name, out var value) && value is bool b ? b : null;

    public static DateTimeOffset? Time(TableEntity entity, string name) => entity.TryGetValue(name, out var value) ? value switch
    {
        DateTimeOffset d => d.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind).ToUniversalTime()),
        _ => null,
    } : null;
}
