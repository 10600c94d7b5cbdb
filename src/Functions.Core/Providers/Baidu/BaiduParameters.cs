namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Baidu's parameter ranges (docs/protocols/baidu.md §4.1) and its own fields, checked on both routes: a value outside the
/// range is a 400 naming Baidu's range. The Baidu-only fields (<c>penalty_score</c>,
/// <c>min_output_tokens</c>, the user-memory fields, <c>user_setting</c>, <c>user_id</c>, <c>diversity_penalty</c>)
/// arrive as extra top-level fields of the OpenAI request and are forwarded as they are.
/// </summary>
public static class BaiduParameters
{
    public const string Display = "Baidu";
    public static readonly SamplingRanges Sampling = new(Display, Temperature: new(0, 1, MinExclusive: true), TopP: new(0, 1), Penalty: new(-2, 2));
    public static readonly ParameterRange PenaltyScore = new(1, 2);
    public static readonly ParameterRange DiversityPenalty = new(0, 100);
    public static readonly ParameterRange UserMemoryLevel = new(0, 4);
    public const int MaxStopSequences = 4;
    public const int MaxStopLength = 20;

    /// <summary>The Baidu-only fields an OpenAI request may carry.</summary>
    public static readonly IReadOnlySet<string> BaiduOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "penalty_score", "min_output_tokens", "enable_user_memory", "user_memory_extract_level", "user_memory_level",
        "user_setting", "user_id", "diversity_penalty",
    };

    /// <summary>Checks the OpenAI-named parameters Baidu shares.</summary>
    public static void CheckShared(ChatCompletionRequest request)
    {
        Sampling.Check(request);
        if (request.Stop is { } stop)
        {
            if (stop.Count > MaxStopSequences) throw FacadeErrors.InvalidParameter("stop", $"'stop' takes at most {MaxStopSequences} sequences for {Display} models.");
            if (stop.Any(s => s.Length > MaxStopLength))
                throw FacadeErrors.InvalidParameter("stop", $"Each 'stop' sequence must be at most {MaxStopLength} characters for {Display} models.");
        }
        if (request.TopLogprobs is not null && request.Logprobs != true)
            throw FacadeErrors.InvalidParameter("top_logprobs", $"'top_logprobs' needs 'logprobs': true for {Display} models.");
    }

    /// <summary>Checks the known Baidu-only fields in <paramref name="extra"/>; on the OpenAI route any other extra field is a 400.</summary>
    public static void CheckExtras(IReadOnlyDictionary<string, JsonElement>? extra, int maxOutputTokens, bool nativeRoute, bool hasUser)
    {
        if (extra is null) return;
        foreach (var (name, value) in extra)
        {
            switch (name)
            {
                case "penalty_score": Number(name, value, PenaltyScore); break;
                case "diversity_penalty": Number(name, value, DiversityPenalty); break;
                case "user_memory_level": Integer(name, value, UserMemoryLevel); break;
                case "user_memory_extract_level":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var level) || level is < 0 or > 2)
                        throw FacadeErrors.InvalidParameter(name, $"'{name}' must be 0, 1 or 2 for {Display} models.");
                    break;
                case "min_output_tokens": Integer(name, value, new ParameterRange(2, maxOutputTokens)); break;
                case "max_output_tokens" when nativeRoute: Integer(name, value, new ParameterRange(2, maxOutputTokens)); break;
                case "enable_user_memory":
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw FacadeErrors.InvalidParameter(name, $"'{name}' must be a boolean.");
                    if (value.ValueKind == JsonValueKind.True && !hasUser && !extra.ContainsKey("user_id"))
                        throw FacadeErrors.MissingParameter(nativeRoute ? "user_id" : "user");
                    break;
                case "user_setting" or "user_id" or "system" when value.ValueKind != JsonValueKind.String:
                    throw FacadeErrors.InvalidParameter(name, $"'{name}' must be a string.");
                case "user_setting" or "user_id":
                    break;
                default:
                    if (!nativeRoute) throw FacadeErrors.UnsupportedParameter(name, Display);
                    break;
            }
        }
    }

    private static void Number(string name, JsonElement value, ParameterRange range)
    {
        if (value.ValueKind != JsonValueKind.Number) throw FacadeErrors.InvalidParameter(name, $"'{name}' must be a number.");
        range.Check(name, value.GetDouble(), Display);
    }

    private static void Integer(string name, JsonElement value, ParameterRange range)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number)) throw FacadeErrors.InvalidParameter(name, $"'{name}' must be an integer.");
        range.Check(name, number, Display);
    }
}
