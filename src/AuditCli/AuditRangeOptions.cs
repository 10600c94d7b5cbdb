using System.CommandLine;

namespace AuditCli;

/// <summary><c>--from</c> (required) and <c>--to</c> (default: now): a range of record times, as <c>query</c> reads them.</summary>
public sealed class AuditRangeOptions
{
    public Option<DateTimeOffset?> From { get; } = new("--from")
    {
        Description = "Earliest record time, e.g. 2025-01-31 or 2025-01-31T08:00Z (UTC unless an offset is given).",
        Required = true,
        CustomParser = r => AuditTimeOptions.ParseTime(r, endOfDay: false),
    };

    public Option<DateTimeOffset?> To { get; } = new("--to")
    {
        Description = "Latest record time; a bare date means the end of that day (default: now).",
        CustomParser = r => AuditTimeOptions.ParseTime(r, endOfDay: true),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(To);
    }

    /// <summary>The range given, <c>--to</c> defaulting to <paramref name="now"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(ParseResult parseResult, DateTimeOffset now)
    {
        var from = parseResult.GetValue(From)!.Value;
        var to = parseResult.GetValue(To) ?? now;
        return to < from ? throw new InvalidOperationException("--to is before --from.") : (from, to);
    }
}
