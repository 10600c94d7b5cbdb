namespace Functions.Core.Providers.MindIE;

/// <summary>
/// Finds the request parameter a MindIE validation message is about. The messages come from MindIE
/// Server's checks and are not uniform ("Parameter top_p must be in (0.0,1.0]", "Parameter 'repetition_penalty'
/// must be …", "Paramter [n] can only be …", "Request param contains not messages …", "length of `stop` …"),
/// so the message is searched for a known parameter name as a whole word, longest names first.
/// </summary>
internal static class MindIEParameterNames
{
    private static readonly string[] Known =
    [
        "include_stop_str_in_output", "chat_template_kwargs", "skip_special_tokens", "repetition_penalty", "presence_penalty",
        "frequency_penalty", "use_beam_search", "stop_token_ids", "thinking_budget", "response_format", "top_logprobs",
        "tool_call_id", "tool_choice", "temperature", "ignore_eos", "max_tokens", "tool_calls", "messages", "logprobs",
        "best_of", "top_k", "top_p", "tools", "model", "seed", "stop", "n",
    ];

    public static string? Find(string message)
    {
        var normalised = message.Replace("top logprobs", "top_logprobs", StringComparison.Ordinal);
        foreach (var name in Known)
        {
            var at = 0;
            while ((at = normalised.IndexOf(name, at, StringComparison.Ordinal)) >= 0)
            {
                var end = at + name.Length;
                if ((at == 0 || !IsNamePart(normalised[at - 1])) && (end == normalised.Length || !IsNamePart(normalised[end])))
                {
                    // A one-letter name only counts in MindIE's "[n]" form.
                    if (name.Length > 1 || (at > 0 && normalised[at - 1] == '[')) return Map(name);
                }
                at = end;
            }
        }
        return null;
    }

    private static string Map(string name) => name == "thinking_budget" ? "chat_template_kwargs.thinking_budget" : name;

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
