using System.CommandLine;

namespace AuditCli;

/// <summary><c>--from</c> (required) and <c>--to</c> (default: now): a range of record times, as <c>query</c> reads them.</summary>
public sealed class AuditRangeOptions
{
    public Option<DateTimeOffset?> From { get; } = new("--from")
    {
        Description = "Earliest record time, ISO 8601: 2025-01-31 (UTC) or 2025-01-31T08:00Z (an offset or Z required).",
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
    /// <exception cref="InvalidOperationException">The range is reversed or empty.</exception>
    public (DateTimeOffset From, DateTimeOffset To) Range(ParseResult parseResult, DateTimeOffset now) =>
        AuditTimeOptions.CheckedRange(parseResult.GetValue(From)!.Value, parseResult.GetValue(To), now);
}
