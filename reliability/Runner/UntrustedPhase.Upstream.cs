namespace Reliability.Runner;

public sealed partial class UntrustedPhase
{
    private static readonly (string Case, ChatRoute Route, bool Stream, string Directive, int[] Statuses)[] s_invalidUtf8 =
    [
        ("none (baseline)", ChatRoute.UnifiedLanrui, true, "", [200]),
        ("none (baseline)", ChatRoute.UnifiedMindIE, false, "", [200]),
        ("none (baseline)", ChatRoute.NativeMindIE, true, "", [200]),
        ("invalid UTF-8 in the whole answer", ChatRoute.UnifiedLanrui, false, "invalid-utf8=first", [502]),
        ("invalid UTF-8 in the whole answer", ChatRoute.UnifiedMindIE, false, "invalid-utf8=first", [502]),
        ("invalid UTF-8 in the whole answer", ChatRoute.NativeMindIE, false, "invalid-utf8=first", [502]),
        ("invalid UTF-8 in the first event (before the first byte)", ChatRoute.UnifiedLanrui, true, "invalid-utf8=first", [502]),
        ("invalid UTF-8 in the first event (before the first byte)", ChatRoute.UnifiedMindIE, true, "invalid-utf8=first", [502]),
        ("invalid UTF-8 in the first event (before the first byte)", ChatRoute.NativeMindIE, true, "invalid-utf8=first", [502]),
        ("invalid UTF-8 in a later event (after the first byte)", ChatRoute.UnifiedLanrui, true, "invalid-utf8=later", [200]),
        ("invalid UTF-8 in a later event (after the first byte)", ChatRoute.UnifiedMindIE, true, "invalid-utf8=later", [200]),
        ("invalid UTF-8 in a later event (after the first byte)", ChatRoute.NativeMindIE, true, "invalid-utf8=later", [200]),
    ];

    /// <summary>Calls whose upstream (<see cref="HostileUpstream"/>) sends bytes that are not UTF-8, and baselines that it answers well otherwise.</summary>
    private async Task<List<ChatResult>> SendInvalidUtf8Async(ChatClient chat)
    {
        var results = new List<ChatResult>();
        foreach (var (_, route, stream, directive, _) in s_invalidUtf8)
            results.Add(await chat.CallAsync(new ChatSpec(route, stream, Markers.New('U'), directive) { Deadline = TimeSpan.FromSeconds(30) }));
        return results;
    }

    /// <summary>
    /// No 500; before the first byte the expected 502; after it, the route's error form and not the stream's clean
    /// end; one record whose outcome agrees (never <c>completed</c> for a broken answer).
    /// </summary>
    private FaultRow JudgeInvalidUtf8(ChatResult result, AuditScan audit, Dictionary<string, int> atProviders)
    {
        var (name, _, _, directive, statuses) = s_invalidUtf8[Utf8Rows.Count];
        var broken = directive.Length > 0;
        var calls = audit.For(result);
        var problems = FaultCheck.Problems(result, calls, statuses, broken ? null : "completed", errorFormRequired: broken && result.Spec.Stream);
        if (broken && result.SawEnd) problems.Add("the answer ended as if complete");
        if (broken && calls.Count == 1 && calls[0].Outcome == "completed") problems.Add("audit outcome completed");
        return new FaultRow(name, result.Spec.Route.Label(), Mode(result.Spec.Stream), result.Summary, calls.Count == 0 ? "no record" : string.Join(", ", calls.Select(c => c.Summary)),
            atProviders.GetValueOrDefault(result.Spec.Marker).ToString(System.Globalization.CultureInfo.InvariantCulture), problems.Distinct().ToList());
    }
}
