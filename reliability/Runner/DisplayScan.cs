using System.Globalization;
using System.Text;

namespace Reliability.Runner;

/// <summary>
/// Judges what the audit tool wrote for a person: in terminal output, every character that a terminal would
/// interpret or that hides or reorders text (ESC, other C0 controls but newline and tab, a raw CR, DEL, C1 controls,
/// bidi controls, zero-width characters) is a finding unless escaped; in CSV, every cell that begins with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR (quoted or not) is a finding unless prefixed with <c>'</c>.
/// </summary>
public static class DisplayScan
{
    /// <summary>The characters of <paramref name="output"/> (UTF-8) a terminal must not receive raw, by kind.</summary>
    public static Dictionary<string, int> Unescaped(byte[] output)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in Encoding.UTF8.GetString(output))
            if (Kind(c) is { } kind) counts[kind] = counts.GetValueOrDefault(kind) + 1;
        return counts;
    }

    private static string? Kind(char c) => c switch
    {
        '\n' or '\t' => null,
        '\u001b' => "ESC",
        '\r' => "CR",
        < ' ' => "C0",
        '\u007f' => "DEL",
        >= '\u0080' and <= '\u009f' => "C1",
        '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') => "bidi",
        (>= '\u200b' and <= '\u200d') or '\u2060' or '\ufeff' => "zero-width",
        _ => null,
    };

    /// <summary>Text made safe to show: each character <see cref="Unescaped"/> counts, and tab and newline, written as <c>\u001b</c>.</summary>
    public static string Visible(string text)
    {
        var visible = new StringBuilder(text.Length);
        foreach (var c in text)
            if (Kind(c) is not null || c is '\n' or '\t') visible.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else visible.Append(c);
        return visible.ToString();
    }

    /// <summary>Counts by kind, for a report: <c>ESC 12, bidi 3</c>.</summary>
    public static string Describe(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")));

    /// <summary>The cells of a CSV text (RFC 4180) that a spreadsheet would take for a formula, with their column names.</summary>
    public static List<(string Column, string Cell)> FormulaCells(byte[] csv)
    {
        var rows = Parse(Encoding.UTF8.GetString(csv));
        var found = new List<(string, string)>();
        if (rows.Count == 0) return found;
        var header = rows[0];
        foreach (var row in rows.Skip(1))
            for (var i = 0; i < row.Count; i++)
                if (row[i].Length > 0 && row[i][0] is '=' or '+' or '-' or '@' or '\t' or '\r')
                    found.Add((i < header.Count ? header[i] : $"column {i + 1}", row[i]));
        return found;
    }

    /// <summary>Rows of cells, quotes removed and doubled quotes undone; records end with CRLF or LF outside quotes.</summary>
    public static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n' || (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n'))
            {
                if (c == '\r') i++;
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row); }
        return rows;
    }
}
