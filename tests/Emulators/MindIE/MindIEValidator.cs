using System.Globalization;
using System.Text.Json.Nodes;

namespace Emulators.MindIE;

/// <summary>
/// MindIE Server's request checks for <c>/v1/chat/completions</c> in vLLM mode, with its messages (from
/// <c>infer_param.cpp</c> and <c>single_req_vllm_openai_infer_interface.cpp</c>, docs/protocols/mindie.md §4.1):
/// each failure is an HTTP 422 <c>Input Validation Error</c>.
/// </summary>
public static class MindIEValidator
{
    private const long MaxInt32 = int.MaxValue;

    /// <summary>The error text, or null when the request passes.</summary>
    public static string? Validate(JsonObject request) =>
        Messages(request["messages"])
        ?? Range(request, "temperature", v => v is >= 0 and <= 2, v => $"Parameter temperature must be in (0.0,2], got {v}.")
        ?? Range(request, "top_p", v => v is > 0 and <= 1, v => $"Parameter top_p must be in (0.0,1.0], got {v}.")
        ?? Integer(request, "top_k", v => v == -1 || v is > 0 and <= MaxInt32, v => $"Parameter top_k must be in -1 || (0,{MaxInt32}], got {v}")
        ?? Integer(request, "seed", v => v >= 0, v => $"Parameter seed must be in [0, {long.MaxValue}], got {v}.")
        ?? Range(request, "repetition_penalty", v => v is > 0 and <= 2, v => $"Parameter 'repetition_penalty' must be in (0.0, 2], got {v}.")
        ?? Range(request, "presence_penalty", v => v is >= -2 and <= 2, v => $"Parameter presence_penalty not in [-2.0, 2.0], but got {v}.")
        ?? Range(request, "frequency_penalty", v => v is >= -2 and <= 2, v => $"Parameter frequency_penalty should be in [-2.0, 2.0], got {v}.")
        ?? MaxTokens(request["max_tokens"])
        ?? Stop(request["stop"])
        ?? StopTokenIds(request["stop_token_ids"])
        ?? Integer(request, "top_logprobs", v => v is >= 0 and <= 20, v => $"Parameter top logprobs must be in [0, 20], got {v}.")
        ?? (request["top_logprobs"] is not null && request["logprobs"]?.GetValueKind() == System.Text.Json.JsonValueKind.False
            ? "Value error, when using top_logprobs, logprobs must be true or null in chat completions" : null)
        ?? ThinkingBudget(request["chat_template_kwargs"]);

    private static string? Messages(JsonNode? messages)
    {
        if (messages is null) return "Request param contains not messages or messages null";
        if (messages is not JsonArray { Count: > 0 } array) return "Request param messages not arr or arr is empty";
        foreach (var message in array)
        {
            var role = message?["role"]?.ToString();
            if (role is null) return "Request param contains not role or role null";
            if (role is not ("system" or "assistant" or "user" or "tool")) return "Request param contains role must be system, assistant, user or tool";
            if (role == "tool" && message!["tool_call_id"] is null) return "Request param contains not tool_call_id or tool_call_id null while role is tool";
            if (role == "assistant" && message!["tool_calls"] is JsonArray) continue;
            var content = message!["content"];
            if (content is null) return "Request param contains not content or content null";
            if (role == "assistant" && content.GetValueKind() != System.Text.Json.JsonValueKind.String)
                return "Request param \"content\" arguments expected to be a string";
        }
        return null;
    }

    private static string? Range(JsonObject request, string name, Func<double, bool> ok, Func<string, string> message)
    {
        if (request[name] is not JsonValue value) return null;
        return value.TryGetValue<double>(out var v) && ok(v) ? null : message(value.ToJsonString());
    }

    private static string? Integer(JsonObject request, string name, Func<long, bool> ok, Func<string, string> message)
    {
        if (request[name] is not JsonValue value) return null;
        return value.TryGetValue<long>(out var v) && ok(v) ? null : message(value.ToJsonString());
    }

    private static string? MaxTokens(JsonNode? node)
    {
        if (node is null) return null;
        if (node is not JsonValue value || !value.TryGetValue<long>(out var v)) return "Parameter max_tokens not number_integer";
        return v is > 0 and <= MaxInt32 ? null : string.Create(CultureInfo.InvariantCulture, $"Parameter max_tokens must be (0,{MaxInt32}], got {v}");
    }

    private static string? Stop(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array when array.All(s => s?.GetValueKind() == System.Text.Json.JsonValueKind.String && s.ToString().Length is >= 1 and <= 1024) => null,
        JsonArray => "Input validation error: `stop` must be list[string] if list, and item length in [1, 1024] with total <= 32768",
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => null,
        _ => "Input validation error: param stop must be string or list[string]",
    };

    private static string? StopTokenIds(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.All(id => id is JsonValue v && v.TryGetValue<long>(out _)) ? null : "Parameter stop_token_ids not list[int]",
        _ => "Parameter stop_token_ids not array",
    };

    private static string? ThinkingBudget(JsonNode? kwargs)
    {
        if (kwargs is null) return null;
        if (kwargs is not JsonObject obj) return "chat_template_kwargsmust be a JSON object";
        if (obj["thinking_budget"] is not JsonValue budget) return null;
        return budget.TryGetValue<long>(out var v) && v is > 0 and <= MaxInt32 ? null : $"Parameter thinking_budget must be in [1,{MaxInt32}], got {budget.ToJsonString()}";
    }
}
