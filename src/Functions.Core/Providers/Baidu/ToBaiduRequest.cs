using System.Buffers;
using System.Text.Encodings.Web;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Translates an OpenAI request into Baidu's v1 body (docs/protocols/baidu.md), or rejects it with a 400 naming the rule it
/// breaks: leading <c>system</c>/<c>developer</c> messages become the top-level <c>system</c>; the rest must
/// alternate user, assistant, user, … with an odd count (a tool result takes a user turn as Baidu's
/// <c>function</c> message). Nothing is reordered or merged. <c>max_tokens</c>/<c>max_completion_tokens</c> →
/// <c>max_output_tokens</c>, <c>user</c> → <c>user_id</c>, <c>tools</c>/<c>tool_choice</c> → <c>functions</c>/<c>tool_choice</c>.
/// </summary>
public static partial class ToBaiduRequest
{
    private const string Display = BaiduParameters.Display;
    private const string AlternationRule =
        "Baidu models need the conversation (after any leading system messages) to alternate user, assistant, user, … and to end with a user message; " +
        "a tool result takes a user turn. The facade does not reorder or merge messages.";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Translate(ChatCall call, int maxOutputTokens)
    {
        var request = call.Request;
        CheckUnified(request, maxOutputTokens);
        var messages = request.Messages!;
        var buffer = new ArrayBufferWriter<byte>(call.RawBody.Length + 256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            WriteMessages(w, messages, out var system);
            if (request.IsStream) w.WriteBoolean("stream"u8, true);
            if (system is not null) w.WriteString("system"u8, system);
            RequestFieldWriter.WriteSampling(w, request, "max_output_tokens"u8);
            if (request.User is { } user) w.WriteString("user_id"u8, user);
            if (request.ResponseFormat is { Type: { } format }) w.WriteString("response_format"u8, format);
            WriteFunctions(w, request);
            if (request.Extra is { } extra)
            {
                foreach (var (name, value) in extra)
                {
                    w.WritePropertyName(name);
                    value.WriteTo(w);
                }
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void CheckUnified(ChatCompletionRequest request, int maxOutputTokens)
    {
        BaiduParameters.CheckShared(request);
        if (request.OutputTokenLimit is { } limit)
            new ParameterRange(2, maxOutputTokens).Check(request.OutputTokenLimitName, limit, Display);
        if (request.N is not (null or 1)) throw FacadeErrors.InvalidParameter("n", $"'n' must be 1 for {Display} models.");
        if (request.ResponseFormat is { Type: "json_schema" }) throw FacadeErrors.UnsupportedParameter("response_format.json_schema", Display);
        if (request.User is not null && request.Extra?.ContainsKey("user_id") == true)
            throw FacadeErrors.InvalidParameter("user_id", "Send either 'user' or 'user_id', not both.");
        BaiduParameters.CheckExtras(request.Extra, maxOutputTokens, nativeRoute: false, hasUser: request.User is not null);
    }

    /// <summary>Writes <c>messages</c>; returns the leading system text through <paramref name="system"/>.</summary>
    private static void WriteMessages(Utf8JsonWriter w, List<ChatMessage> messages, out string? system)
    {
        var start = 0;
        List<string>? systemParts = null;
        while (start < messages.Count && messages[start].Role is "system" or "developer")
        {
            (systemParts ??= []).Add(Text(messages[start], $"messages[{start}]"));
            start++;
        }
        system = systemParts is null ? null : string.Join("\n\n", systemParts);
        var count = messages.Count - start;
        if (count == 0) throw FacadeErrors.InvalidParameter("messages", $"'messages' needs a user message for {Display} models: {AlternationRule}");

        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        w.WriteStartArray("messages"u8);
        for (var i = start; i < messages.Count; i++)
        {
            var message = messages[i];
            var path = $"messages[{i}]";
            var userTurn = (i - start) % 2 == 0;
            var expected = userTurn ? (i == start ? "'user'" : "'user' or 'tool'") : "'assistant'";
            var fits = message.Role switch
            {
                "user" => userTurn,
                "tool" => userTurn && i != start,
                "assistant" => !userTurn,
                _ => false,
            };
            if (!fits)
            {
                var what = message.Role is "system" or "developer" ? "a system message after the conversation started" : $"'{message.Role}'";
                throw FacadeErrors.InvalidParameter($"{path}.role", $"{path} is {what} where {expected} was expected. {AlternationRule}");
            }
            w.WriteStartObject();
            switch (message.Role)
            {
                case "user":
                    w.WriteString("role"u8, "user"u8);
                    w.WriteString("content"u8, NonEmpty(Text(message, path), path));
                    break;
                case "tool":
                    if (!toolNames.TryGetValue(message.ToolCallId!, out var name))
                        throw FacadeErrors.InvalidParameter($"{path}.tool_call_id", $"{path}.tool_call_id '{message.ToolCallId}' answers no tool call of the assistant message before it.");
                    w.WriteString("role"u8, "function"u8);
                    w.WriteString("name"u8, name);
                    w.WriteString("content"u8, NonEmpty(Text(message, path), path));
                    break;
                default:
                    w.WriteString("role"u8, "assistant"u8);
                    var text = Text(message, path);
                    toolNames.Clear();
                    if (message.ToolCalls is { Count: > 0 } calls)
                    {
                        if (calls.Count > 1)
                            throw FacadeErrors.InvalidParameter($"{path}.tool_calls", $"{path} has {calls.Count} tool calls; {Display} models make one function call per assistant turn.");
                        var call = calls[0];
                        toolNames[call.Id!] = call.Function!.Name!;
                        w.WriteString("content"u8, text);
                        w.WriteStartObject("function_call"u8);
                        w.WriteString("name"u8, call.Function.Name);
                        w.WriteString("arguments"u8, call.Function.Arguments ?? "{}");
                        w.WriteEndObject();
                    }
                    else
                    {
                        w.WriteString("content"u8, NonEmpty(text, path));
                    }
                    break;
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (count % 2 == 0)
            throw FacadeErrors.InvalidParameter("messages", $"'messages' ends with an assistant message ({count} conversation messages, an even count). {AlternationRule}");
    }

    private static void WriteFunctions(Utf8JsonWriter w, ChatCompletionRequest request)
    {
        var choice = request.ToolChoice;
        if (request.Tools is not { Count: > 0 } tools)
        {
            if (choice is { ValueKind: JsonValueKind.Object } || choice is { ValueKind: JsonValueKind.String } c && c.GetString() == "required")
                throw FacadeErrors.InvalidParameter("tool_choice", "'tool_choice' names a tool but 'tools' is empty.");
            return;
        }
        // tool_choice "none": the model may not call any function, so none are offered.
        if (choice is { ValueKind: JsonValueKind.String } none && none.GetString() == "none") return;
        w.WriteStartArray("functions"u8);
        foreach (var tool in tools)
        {
            var function = tool.Function!;
            w.WriteStartObject();
            w.WriteString("name"u8, function.Name);
            if (function.Description is { } description) w.WriteString("description"u8, description);
            w.WritePropertyName("parameters"u8);
            if (function.Parameters is { ValueKind: JsonValueKind.Object } parameters) parameters.WriteTo(w);
            else w.WriteRawValue("""{"type":"object","properties":{}}"""u8);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        string? forced = null;
        if (choice is { ValueKind: JsonValueKind.Object } named) forced = named.GetProperty("function").GetProperty("name").GetString();
        else if (choice is { ValueKind: JsonValueKind.String } required && required.GetString() == "required")
        {
            if (tools.Count != 1)
                throw FacadeErrors.InvalidParameter("tool_choice", $"'tool_choice': 'required' needs exactly one tool for {Display} models, which can only force a named function.");
            forced = tools[0].Function!.Name;
        }
        if (forced is null) return;
        if (!tools.Any(t => t.Function!.Name == forced))
            throw FacadeErrors.InvalidParameter("tool_choice", $"'tool_choice' names '{forced}', which is not in 'tools'.");
        w.WriteStartObject("tool_choice"u8);
        w.WriteString("type"u8, "function"u8);
        w.WriteStartObject("function"u8);
        w.WriteString("name"u8, forced);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Text(ChatMessage message, string path) =>
        message.GetText() ?? throw FacadeErrors.InvalidParameter($"{path}.content", $"{path}.content has a non-text part; {Display} models take text only.");

    private static string NonEmpty(string text, string path) =>
        text.Length > 0 ? text : throw FacadeErrors.InvalidParameter($"{path}.content", $"{path}.content is empty; {Display} models reject empty messages.");
}
