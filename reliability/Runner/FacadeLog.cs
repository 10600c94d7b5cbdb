using System.Text.RegularExpressions;

namespace Reliability.Runner;

/// <summary>
/// Reads a facade's console log (simple format: <c>level: Category[id]</c>, then the message indented by six
/// spaces): which request ids crashed and with what, and where caller text broke a line.
/// </summary>
public sealed partial class FacadeLog
{
    private readonly string[] _lines;

    public FacadeLog(string path)
    {
        Text = File.Exists(path) ? File.ReadAllText(path) : "";
        _lines = Text.Split('\n');
    }

    public string Text { get; }

    /// <summary>The first line of the exception logged for a request that failed unexpectedly, by request id.</summary>
    public Dictionary<string, string> Crashes()
    {
        var crashes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _lines.Length - 1; i++)
        {
            var match = CrashLine().Match(_lines[i]);
            if (match.Success) crashes.TryAdd(match.Groups[1].Value, _lines[i + 1].Trim());
        }
        return crashes;
    }

    /// <summary>Every log line that begins with <paramref name="marker"/>, or where the marker follows a CR: caller text that started a line of its own.</summary>
    public List<string> ForgedLines(string marker)
    {
        var forged = new List<string>();
        for (var i = 0; i < _lines.Length; i++)
        {
            var line = _lines[i];
            if (line.TrimStart().StartsWith(marker, StringComparison.Ordinal) || line.Contains("\r" + marker, StringComparison.Ordinal))
                forged.Add((i > 0 ? _lines[i - 1].TrimEnd('\r').Trim() + " ⏎ " : "") + line.Replace("\r", "␍", StringComparison.Ordinal).Trim());
        }
        return forged;
    }

    /// <summary>The log lines that name <paramref name="requestId"/>.</summary>
    public IEnumerable<string> LinesOf(string requestId) => _lines.Where(l => l.Contains(requestId, StringComparison.Ordinal)).Select(l => l.Trim());

    [GeneratedRegex("Call ([0-9a-f]{32}) failed unexpectedly")]
    private static partial Regex CrashLine();
}
