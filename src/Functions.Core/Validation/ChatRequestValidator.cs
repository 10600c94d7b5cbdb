using System.Text.RegularExpressions;

namespace Functions.Core.Validation;

/// <summary>
/// The rules of the OpenAI API itself, checked for every provider before routing. Providers narrow
/// the ranges further in their own <c>Prepare</c>.
/// </summary>
public static partial class ChatRequestValidator
{
    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant", "tool"];
    private static readonly SamplingRanges Sampling = new("OpenAI-compatible", Temperature: new(0, 2), TopP: new(0, 1), Penalty: new(-2, 2));

    public static void Validate(ChatCompletionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model)) throw FacadeErrors.MissingParameter("model");
        if (request.Messages is null) throw FacadeErrors.MissingParameter("messages");
        if (request.Messages.Count == 0) throw FacadeErrors.InvalidParameter("messages", "'messages' must contain at least one message.");
        for (var i = 0; i < request.Messages.Count; i++) ValidateMessage(request.Messages[i], $"messages[{i}]");

        Sampling.Check(request);
        if (request.MaxTokens is < 1) throw FacadeErrors.InvalidParameter("max_tokens", "'max_tokens' must be at least 1.");
        if (request.MaxCompletionTokens is < 1) throw FacadeErrors.InvalidParameter("max_completion_tokens", "'max_completion_tokens' must be at least 1.");
        if (request.N is < 1 or > 128) throw FacadeErrors.InvalidParameter("n", "'n' must be between 1 and 128.");
        if (request.TopLogprobs is < 0 or > 20) throw FacadeErrors.InvalidParameter("top_logprobs", "'top_logprobs' must be between 0 and 20.");
        ValidateStop(request.Stop);
        ValidateTools(request);
        if (request.ResponseFormat is { } format && format.Type is not ("text" or "json_object" or "json_schema"))
            throw FacadeErrors.InvalidParameter("response_format.type", "'response_format.type' must be 'text', 'json_object' or 'json_schema'.");
        if (request.ResponseFormat is { Type: "json_schema", JsonSchema: null })
            throw FacadeErrors.MissingParameter("response_format.json_schema");
    }

    private static void ValidateMessage(ChatMessage message, string path)
    {
        if (message is null) throw FacadeErrors.InvalidParameter(path, $"'{path}' must be an object.");
        if (string.IsNullOrEmpty(message.Role)) throw FacadeErrors.MissingParameter($"{path}.role");
        if (!Roles.Contains(message.Role))
            throw FacadeErrors.InvalidParameter($"{path}.role", $"'{path}.role' is '{message.Role}'; expected one of system, developer, user, assistant, tool.");
        var content = message.Content;
        if (content is { ValueKind: not (JsonValueKind.String or JsonValueKind.Array or JsonValueKind.Null) })
            throw FacadeErrors.InvalidParameter($"{path}.content", $"'{path}.content' must be a string or an array of content parts.");
        if (content is { ValueKind: JsonValueKind.Array } parts) ValidateParts(parts, $"{path}.content");
        var mayBeEmpty = message.Role == "assistant" && message.ToolCalls is { Count: > 0 };
        if (!mayBeEmpty && message.HasNoContent) throw FacadeErrors.MissingParameter($"{path}.content");
        if (message.Role == "tool" && string.IsNullOrEmpty(message.ToolCallId)) throw FacadeErrors.MissingParameter($"{path}.tool_call_id");
        if (message.ToolCalls is { } calls)
        {
            if (message.Role != "assistant") throw FacadeErrors.InvalidParameter($"{path}.tool_calls", $"'{path}.tool_calls' is only allowed on assistant messages.");
            for (var i = 0; i < calls.Count; i++)
            {
                if (string.IsNullOrEmpty(calls[i]?.Id)) throw FacadeErrors.MissingParameter($"{path}.tool_calls[{i}].id");
                if (string.IsNullOrEmpty(calls[i].Function?.Name)) throw FacadeErrors.MissingParameter($"{path}.tool_calls[{i}].function.name");
            }
        }
    }

    private static void ValidateParts(JsonElement parts, string path)
    {
        var i = 0;
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                throw FacadeErrors.InvalidParameter($"{path}[{i}].type", $"'{path}[{i}]' must be an object with a string 'type'.");
            if (type.ValueEquals("text") && !(part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String))
                throw FacadeErrors.MissingParameter($"{path}[{i}].text");
            i++;
        }
    }

    private static void ValidateStop(List<string>? stop)
    {
        if (stop is null) return;
        if (stop.Count > 4) throw FacadeErrors.InvalidParameter("stop", "'stop' takes at most 4 sequences.");
        if (stop.Any(string.IsNullOrEmpty)) throw FacadeErrors.InvalidParameter("stop", "'stop' sequences must not be empty.");
    }

    private static void ValidateTools(ChatCompletionRequest request)
    {
        if (request.Tools is { } tools)
        {
            if (tools.Count > 128) throw FacadeErrors.InvalidParameter("tools", "'tools' takes at most 128 tools.");
            for (var i = 0; i < tools.Count; i++)
            {
                var tool = tools[i];
                if (tool?.Type != "function") throw FacadeErrors.InvalidParameter($"tools[{i}].type", $"'tools[{i}].type' must be 'function'.");
                var name = tool.Function?.Name;
                if (string.IsNullOrEmpty(name)) throw FacadeErrors.MissingParameter($"tools[{i}].function.name");
                if (!FunctionName().IsMatch(name))
                    throw FacadeErrors.InvalidParameter($"tools[{i}].function.name", $"'tools[{i}].function.name' must be 1-64 characters of a-z, A-Z, 0-9, '_' or '-'.");
            }
        }
        if (request.ToolChoice is { } choice)
        {
            var valid = choice.ValueKind switch
            {
                JsonValueKind.String => choice.GetString() is "none" or "auto" or "required",
                JsonValueKind.Object => choice.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String,
                JsonValueKind.Null => true,
                _ => false,
            };
            if (!valid) throw FacadeErrors.InvalidParameter("tool_choice", "'tool_choice' must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":...}}.");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
