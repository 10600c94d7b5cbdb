using System.Globalization;

namespace Emulators.Baidu;

/// <summary>
/// Baidu's faults and verdicts as <see cref="Scenario"/>s (keys of <see cref="Scenario.Options"/>, also usable as
/// <c>[[emulate: baidu-error=336501]]</c> directives): <c>baidu-error</c> (a JSON error body instead of an answer,
/// stream requests included), <c>line-error</c> (the code of the bare JSON line sent after
/// <see cref="Scenario.ErrorAfterEvents"/> events), <c>flag</c> and <c>flag-from</c> (the event index from which it
/// is set), <c>need-clear-history</c> (with <c>ban-round</c>, default -1, and an empty result), <c>truncated</c>,
/// <c>keepalive</c> (a <c>: keep-alive</c> comment before each event).
/// </summary>
public static class BaiduScenario
{
    public static Scenario Error(int code) => With(new Scenario(), ("baidu-error", code.ToString(CultureInfo.InvariantCulture)));

    public static Scenario ErrorLineAfter(int events, int code, params string[] chunks) =>
        With(new Scenario { Chunks = chunks.Length > 0 ? chunks : null, ErrorAfterEvents = events }, ("line-error", code.ToString(CultureInfo.InvariantCulture)));

    public static Scenario Flag(int flag, int from = 0, params string[] chunks) =>
        With(new Scenario { Chunks = chunks.Length > 0 ? chunks : null }, ("flag", flag.ToString(CultureInfo.InvariantCulture)), ("flag-from", from.ToString(CultureInfo.InvariantCulture)));

    public static Scenario NeedClearHistory(int banRound = -1) =>
        With(new Scenario(), ("need-clear-history", "true"), ("ban-round", banRound.ToString(CultureInfo.InvariantCulture)));

    public static Scenario Truncated(params string[] chunks) => With(new Scenario { Chunks = chunks.Length > 0 ? chunks : null }, ("truncated", "true"));

    public static Scenario KeepAlive(params string[] chunks) => With(new Scenario { Chunks = chunks.Length > 0 ? chunks : null }, ("keepalive", "true"));

    private static Scenario With(Scenario scenario, params (string Key, string Value)[] options)
    {
        foreach (var (key, value) in options) scenario.Options[key] = value;
        return scenario;
    }
}
