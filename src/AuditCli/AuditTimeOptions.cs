using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary>
/// The filter options shared by <c>query</c> and <c>export</c>: <c>--from</c>/<c>--to</c> (UTC unless an offset is
/// given; a bare date in <c>--to</c> means the end of that day), <c>--caller</c>, <c>--model</c>, <c>--flagged</c>,
/// <c>--outcome</c>, <c>--route</c>, <c>--status</c> and <c>--contains</c> (a scan of the range's whole records).
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

    public Option<string?> Outcome { get; } = new("--outcome") { Description = "Only calls with this outcome." };

    public Option<string?> Route { get; } = new("--route") { Description = "Only calls of this route: unified (/v1/chat/completions) or native (pass-through)." };

    public Option<int?> Status { get; } = new("--status") { Description = "Only calls answered with this HTTP status." };

    public Option<string?> Contains { get; } = new("--contains")
    {
        Description = "Only calls whose prompt or response contains this text (ignoring case). Reads every whole record of the range: a scan, slower than the other filters.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Caller);
        command.Options.Add(Model);
        command.Options.Add(Flagged);
        command.Options.Add(Outcome);
        command.Options.Add(Route);
        command.Options.Add(Status);
        command.Options.Add(Contains);
        Outcome.AcceptOnlyFromAmong("completed", "upstream_error", "timeout", "client_aborted", "rejected");
        Route.AcceptOnlyFromAmong("unified", "native");
    }

    /// <summary>The query, or <c>null</c> when no <c>--from</c> was given (export of everything).</summary>
    /// <exception cref="InvalidOperationException">Filters without <c>--from</c>.</exception>
    public AuditQuery? ToQuery(ParseResult parseResult)
    {
        if (parseResult.GetValue(From) is not { } from)
        {
            return new Option[] { To, Caller, Model, Flagged, Outcome, Route, Status, Contains }.FirstOrDefault(o => parseResult.GetResult(o) is { Implicit: false }) is { } filter
                ? throw new InvalidOperationException($"{filter.Name} needs --from (without --from every record is exported).")
                : null;
        }

        return new AuditQuery
        {
            From = from,
            To = parseResult.GetValue(To) ?? DateTimeOffset.UtcNow,
            Caller = parseResult.GetValue(Caller),
            Model = parseResult.GetValue(Model),
            FlaggedOnly = parseResult.GetValue(Flagged),
            Outcome = parseResult.GetValue(Outcome),
            Route = parseResult.GetValue(Route),
            Status = parseResult.GetValue(Status),
            Contains = parseResult.GetValue(Contains) is { Length: > 0 } text ? text : null,
        };
    }

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
