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
        Description = "Earliest call time, ISO 8601: 2025-01-31 (UTC) or 2025-01-31T08:00Z (an offset or Z required).",
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
    /// <exception cref="InvalidOperationException">Filters without <c>--from</c>; a reversed or empty range.</exception>
    public AuditQuery? ToQuery(ParseResult parseResult)
    {
        if (parseResult.GetValue(From) is not { } from)
        {
            return new Option[] { To, Caller, Model, Flagged, Outcome, Route, Status, Contains }.FirstOrDefault(o => parseResult.GetResult(o) is { Implicit: false }) is { } filter
                ? throw new InvalidOperationException($"{filter.Name} needs --from (without --from every record is exported).")
                : null;
        }

        var (start, end) = CheckedRange(from, parseResult.GetValue(To), DateTimeOffset.UtcNow);
        return new AuditQuery
        {
            From = start,
            To = end,
            Caller = parseResult.GetValue(Caller),
            Model = parseResult.GetValue(Model),
            FlaggedOnly = parseResult.GetValue(Flagged),
            Outcome = parseResult.GetValue(Outcome),
            Route = parseResult.GetValue(Route),
            Status = parseResult.GetValue(Status),
            Contains = parseResult.GetValue(Contains) is { Length: > 0 } text ? text : null,
        };
    }

    /// <summary>The forms <c>--from</c> and <c>--to</c> take after a date: ISO 8601 with an offset or <c>Z</c>.</summary>
    private static readonly string[] s_timeFormats =
    [
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    /// <summary>
    /// A date (<c>yyyy-MM-dd</c>, UTC; the end of that day in <c>--to</c>) or an ISO 8601 time with an offset or <c>Z</c>,
    /// read with the invariant culture; anything else (<c>07/12/2026</c> among them, which cultures read differently)
    /// is a usage error naming the option.
    /// </summary>
    internal static DateTimeOffset? ParseTime(ArgumentResult result, bool endOfDay)
    {
        var text = result.Tokens.Single().Value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date, endOfDay ? TimeOnly.MaxValue : TimeOnly.MinValue, TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParseExact(text, s_timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        var option = (result.Parent as OptionResult)?.Option.Name ?? "the date";
        result.AddError($"{option} '{text}' is not an ISO 8601 date: give yyyy-MM-dd (e.g. 2026-12-07) or a time with an offset or Z (e.g. 2026-12-07T08:00Z, 2026-12-07T08:00+08:00).");
        return null;
    }

    /// <summary>A range as given, refused when it holds no instant: <c>--to</c> before <c>--from</c>, or equal to it.</summary>
    /// <exception cref="InvalidOperationException">The range is reversed or empty.</exception>
    internal static (DateTimeOffset From, DateTimeOffset To) CheckedRange(DateTimeOffset from, DateTimeOffset? to, DateTimeOffset now)
    {
        if (to is null && from > now)
        {
            throw new InvalidOperationException($"--from {VerificationText.Time(from)} is in the future and --to defaults to now ({VerificationText.Time(now)}): no call can be in that range.");
        }

        var end = to ?? now;
        return end < from ? throw new InvalidOperationException($"--to {VerificationText.Time(end)} is before --from {VerificationText.Time(from)}: the range is reversed.")
            : end == from ? throw new InvalidOperationException($"--from and --to are both {VerificationText.Time(from)}: the range is empty.")
            : (from, end);
    }
}
