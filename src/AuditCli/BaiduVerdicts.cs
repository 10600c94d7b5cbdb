using Functions.Core.Audit;

namespace AuditCli;

/// <summary>
/// Baidu's safety verdicts as reviewers read them: Baidu leaves <c>flag</c> and <c>need_clear_history</c> out of an
/// answer with nothing to report (its documentation: absent means 0 and false), so a completed Baidu call without
/// them shows 0 and false; calls of other providers have no verdicts (<c>null</c>, shown as <c>-</c>).
/// </summary>
public static class BaiduVerdicts
{
    /// <summary>Baidu's <c>flag</c> of a call.</summary>
    public static int? Flag(AuditSummary summary) => summary.Flag ?? (AnsweredByBaidu(summary) ? 0 : null);

    /// <summary>Baidu's <c>need_clear_history</c> of a call.</summary>
    public static bool? NeedClearHistory(AuditSummary summary) => summary.NeedClearHistory ?? (AnsweredByBaidu(summary) ? false : null);

    private static bool AnsweredByBaidu(AuditSummary summary) => summary is { Provider: "baidu", Outcome: "completed" };
}
