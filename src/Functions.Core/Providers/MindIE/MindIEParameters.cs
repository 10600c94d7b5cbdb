namespace Functions.Core.Providers.MindIE;

/// <summary>
/// MindIE's own parameter ranges (docs/protocols/mindie.md §4.1, from MindIE Server's <c>infer_param.cpp</c>),
/// checked before anything is sent, so a caller gets a 400 naming the parameter instead of MindIE's 422.
/// Also the MindIE-only top-level fields the facade accepts and forwards.
/// </summary>
public static class MindIEParameters
{
    public const string Display = "MindIE";

    /// <summary>The MindIE-only top-level fields that are validated and forwarded; other unknown fields are not sent.</summary>
    public static readonly IReadOnlyList<string> ForwardedExtras =
        ["top_k", "repetition_penalty", "ignore_eos", "skip_special_tokens", "include_stop_str_in_output", "stop_token_ids", "chat_template_kwargs"];

    private static readonly SamplingRanges Sampling = new(Display, Temperature: new(0, 2), TopP: new(0, 1, MinExclusive: true), Penalty: new(-2, 2));
    private static readonly ParameterRange RepetitionPenalty = new(0, 2, MinExclusive: true);
    private static readonly HashSet<string> PartTypes = ["text", "image_url", "video_url", "audio_url"];

    public static void Check(ChatCompletionRequest request, ModelRoute route)
    {
        Sampling.Check(request);
        // The facade relays and audits one choice.
        if (request.N is not (null or 1)) throw FacadeErrors.InvalidParameter("n", $"'n' must be 1 for {Display} models.");
        if (request.Seed is < 0) throw FacadeErrors.InvalidParameter("seed", $"'seed' must be in [0, {long.MaxValue}] for {Display} models; got {request.Seed}.");
        if (request.TopLogprobs is not null && request.Logprobs == false)
            throw FacadeErrors.InvalidParameter("top_logprobs", "'top_logprobs' needs 'logprobs' true (or absent) for MindIE models.");
        if (request.Stop?.FirstOrDefault(s => s.Length > 1024) is not null)
            throw FacadeErrors.InvalidParameter("stop", $"Each 'stop' sequence must be at most 1024 characters for {Display} models.");
        if (request.OutputTokenLimit is { } limit && route.MaxOutputTokens is { } max && limit > max)
            throw FacadeErrors.InvalidParameter(request.OutputTokenLimitName, $"'{request.OutputTokenLimitName}' must be at most {max} for the model '{route.Name}'; got {limit}.");
        CheckParts(request);
        if (request.Extra is { } extra) CheckExtras(extra);
    }

    private static void CheckParts(ChatCompletionRequest request)
    {
        var messages = request.Messages ?? [];
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Content is not { ValueKind: JsonValueKind.Array } parts) continue;
            var j = 0;
            foreach (var part in parts.EnumerateArray())
            {
                var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type is null || !PartTypes.Contains(type))
                    throw FacadeErrors.InvalidParameter($"messages[{i}].content[{j}].type", $"Content part type '{type}' is not supported by {Display}; use text, image_url, video_url or audio_url.");
                j++;
            }
        }
    }

    private static void CheckExtras(Dictionary<string, JsonElement> extra)
    {
        if (extra.TryGetValue("top_k", out var topK))
        {
            if (!Integer(topK, out var k) || !(k == -1 || k is >= 1 and <= int.MaxValue))
                throw FacadeErrors.InvalidParameter("top_k", $"'top_k' must be -1 (off) or an integer in [1, {int.MaxValue}] for {Display} models; got {topK.GetRawText()}.");
        }
        if (extra.TryGetValue("repetition_penalty", out var repetition))
        {
            if (repetition.ValueKind != JsonValueKind.Number || !repetition.TryGetDouble(out var penalty)) throw NotA("repetition_penalty", "number");
            RepetitionPenalty.Check("repetition_penalty", penalty, Display);
        }
        foreach (var name in (string[])["ignore_eos", "skip_special_tokens", "include_stop_str_in_output"])
        {
            if (extra.TryGetValue(name, out var flag) && flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw NotA(name, "boolean");
        }
        if (extra.TryGetValue("stop_token_ids", out var ids))
        {
            if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(id => !Integer(id, out var v) || v is < 0 or > int.MaxValue))
                throw FacadeErrors.InvalidParameter("stop_token_ids", $"'stop_token_ids' must be an array of token ids in [0, {int.MaxValue}] for {Display} models.");
        }
        if (extra.TryGetValue("chat_template_kwargs", out var kwargs)) CheckTemplateArguments(kwargs);
    }

    private static void CheckTemplateArguments(JsonElement kwargs)
    {
        if (kwargs.ValueKind != JsonValueKind.Object) throw NotA("chat_template_kwargs", "JSON object");
        if (kwargs.TryGetProperty("enable_thinking", out var thinking) && thinking.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw NotA("chat_template_kwargs.enable_thinking", "boolean");
        if (kwargs.TryGetProperty("thinking_budget", out var budget) && !(Integer(budget, out var b) && b is >= 1 and <= int.MaxValue))
            throw FacadeErrors.InvalidParameter("chat_template_kwargs.thinking_budget",
                string.Create(CultureInfo.InvariantCulture, $"'chat_template_kwargs.thinking_budget' must be an integer in [1, {int.MaxValue}] for {Display} models; got {budget.GetRawText()}."));
    }

    private static bool Integer(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }

    private static FacadeException NotA(string param, string type) =>
        FacadeErrors.InvalidParameter(param, $"'{param}' must be a {type} for {Display} models.");
}
