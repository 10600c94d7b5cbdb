namespace Reliability.Runner;

/// <summary>Judges one call against what must hold on every route: no facade 500, a clean end, one complete audit record that agrees with the client.</summary>
public static class FaultCheck
{
    public static List<string> Problems(ChatResult result, IReadOnlyList<AuditCall> audit, int[]? statuses, string? outcome, bool errorFormRequired)
    {
        var problems = new List<string>();
        if (result.TransportError is not null) problems.Add($"client: connection broke ({result.TransportError})");
        if (result.Status == 500 && result.ErrorCode == "server_error") problems.Add("facade 500 server_error");
        if (statuses is not null && result.Status is { } status && !statuses.Contains(status)) problems.Add($"client status {status}, expected {string.Join(" or ", statuses)}");
        if (result.Status is null && !result.Dropped && result.TransportError is null) problems.Add("no HTTP answer");
        if (result.Spec.Stream && result.Status == 200 && !result.Dropped && result.TransportError is null && !result.SawEnd && !result.SawErrorForm)
            problems.Add("200 stream ended without its end or an error");
        if (errorFormRequired && result.Status == 200 && !result.SawErrorForm && !result.Dropped) problems.Add("no error form in the answer");
        if (audit.Count == 0) { problems.Add("no audit record"); return problems; }
        if (audit.Count > 1) problems.Add($"{audit.Count} audit records");
        var call = audit[0];
        if (!call.Complete) { problems.Add("audit record without outcome"); return problems; }
        if (call.Duplicate) problems.Add("duplicate audit rows: " + AuditCall.Describe(audit));
        if (call.Conflicting) problems.Add("audit rows disagree");
        var view = result.View;
        var consistent = view switch
        {
            "completed" => call.Outcome == "completed",
            "dropped" => call.Outcome is "client_aborted" or "completed",
            _ => call.Outcome != "completed",
        };
        if (!consistent) problems.Add($"audit says {call.Outcome}, client saw {view}");
        if (outcome is not null && call.Outcome != outcome && view != "dropped") problems.Add($"audit outcome {call.Outcome}, expected {outcome}");
        if (result.Status is { } seen && call.Status is { } recorded && seen != recorded && !result.Dropped) problems.Add($"audit status {recorded}, client got {seen}");
        return problems;
    }
}
