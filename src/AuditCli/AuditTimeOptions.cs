using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary>
/// The filter options shared by <c>query</c> and <c>export</c>: <c>--from</c>/<c>--to</c> (UTC unless an offset is
/// given; a bare date in <c>--to</c> means the end of that day), <c>--caller</c>, <c>--model</c>, <c>--flagged</c>.
/// </summary>
public sealed class AuditTimeOptions(bool required)
{
    public Option<DateTimeOffset?> From { get; } = new("--from")
    {
        Description = "Earliest call time, e.g. 2025-01-31 or 2025-01-31T08:00Z (UTC unless an offset is given).",
        Required = required,
        CustomParser = r => ParseTime(r, endOfDay: false),
    };

    public Option<DateTimeOffset?> To { get; } = new("--to")
    {
        Description = "Latest call time; a bare date means the end of that day (default: now).",
        CustomParser = r => ParseTime(r, endOfDay: true),
    };

    public Option<string?> Caller { get; } = new("--caller") { Description = "Only this caller's calls." };

    public Option<string?> Model { get; } = new("--model") { Description = "Only calls of this model." };

    public Option<bool> Flagged { get; } = new("--flagged") { Description = "Only flagged calls (need_clear_history or flag >= 1)." };

    public void AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Caller);
        command.Options.Add(Model);
        command.Options.Add(Flagged);
    }

    /// <summary>The query, or <c>null</c> when no <c>--from</c> was given (export of everything).</summary>
    public AuditQuery? ToQuery(ParseResult parseResult) => parseResult.GetValue(From) is { } from
        ? new AuditQuery
        {
            From = from,
            To = parseResult.GetValue(To) ?? DateTimeOffset.UtcNow,
            Caller = parseResult.GetValue(Caller),
            Model = parseResult.GetValue(Model),
            FlaggedOnly = parseResult.GetValue(Flagged),
        }
        : null;

    internal static DateTimeOffset? ParseTime(ArgumentResult result, bool endOfDay)
    {
        var text = result.Tokens.Single().Value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date, endOfDay ? TimeOnly.MaxValue : TimeOnly.MinValue, TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        result.AddError($"'{text}' is not a date (yyyy-MM-dd) or a date and time (ISO 8601).");
        return null;
    }
}
