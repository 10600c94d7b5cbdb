using System.Globalization;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary>
/// Records as CSV (RFC 4180: fields with commas, quotes or line breaks quoted, quotes doubled), columns as
/// <see cref="ExportColumns"/>. A text cell that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a CR gets a
/// leading <c>'</c> (OWASP's guidance on CSV injection), so that a spreadsheet shows it as text rather than running it
/// as a formula; JSON Lines keeps every text exact.
/// </summary>
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
            string s => Neutralised(s),
            _ => Neutralised(value.ToString() ?? ""),
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }

    /// <summary>Text that a spreadsheet would take for a formula, with a leading <c>'</c>; any other text as it is.</summary>
    internal static string Neutralised(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
