using System.Globalization;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary>Records as CSV (RFC 4180: fields with commas, quotes or line breaks quoted, quotes doubled), columns as <see cref="ExportColumns"/>.</summary>
public static class CsvExport
{
    public static void WriteHeader(TextWriter output) => output.Write(string.Join(',', ExportColumns.All.Select(c => c.Name)) + "\r\n");

    public static void WriteRecord(TextWriter output, AuditRecord record) =>
        output.Write(string.Join(',', ExportColumns.All.Select(c => Field(c.Value(record)))) + "\r\n");

    internal static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset d => ExportColumns.Time(d),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
