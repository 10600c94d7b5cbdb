using System.Globalization;
using System.Text;

namespace Bench.LoadGen;

/// <summary>Small helpers for the report's markdown: tables and invariant number formats.</summary>
public static class Markdown
{
    public static string Num(double value, int decimals = 2) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Signed(double value, int decimals = 2) =>
        double.IsNaN(value) ? "n/a" : (value >= 0 ? "+" : "") + value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Int(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>a ÷ b; "n/a" where a ratio means nothing (a difference that noise made zero or negative).</summary>
    public static string Ratio(double a, double b) => !(b > 0) || !(a >= 0) ? "n/a" : (a / b).ToString("F2", CultureInfo.InvariantCulture) + "×";

    public static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        md.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        md.Append('|').AppendJoin("", header.Select(h => "---|")).AppendLine();
        foreach (var row in rows) md.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        md.AppendLine();
    }

    public static string Label(string target) => target switch
    {
        "direct" => "direct (no proxy)",
        "facade" => "**facade**",
        "facade-audit" => "**facade, audit on**",
        "facade-otel" => "**facade, telemetry on**",
        "facade-worker" => "**facade, isolated worker behind the test host**",
        "facade-r2r" => "**facade (ReadyToRun, self-contained)**",
        "facade-jit" => "facade (Release build, JIT)",
        "portkey" => "Portkey",
        _ => target,
    };
}
