namespace Functions.Core.OpenAI;

/// <summary>
/// Parses a chat request body, on every chat route: text that is not valid Unicode, malformed JSON, a name given
/// twice in one object (at any depth), a name that differs from a known one only in case (<see cref="MemberNames"/>)
/// or a wrong type becomes a 400 naming the parameter.
/// </summary>
public static class ChatCompletionRequestReader
{
    public static ChatCompletionRequest Read(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) throw FacadeErrors.InvalidJson("The request body is empty; expected a JSON object.", null);
        UnicodeText.Check(body);
        MemberNames.Check(body);
        try
        {
            var request = JsonSerializer.Deserialize(body, OpenAIJsonContext.Default.ChatCompletionRequest);
            return request ?? throw FacadeErrors.InvalidJson("The request body must be a JSON object, not null.", null);
        }
        catch (JsonException ex)
        {
            var param = ParamFromPath(ex.Path);
            var where = param is null ? "" : $" at '{param}'";
            var position = ex.BytePositionInLine is { } column ? $" (line {ex.LineNumber + 1}, byte {column + 1})" : "";
            var message = IsTypeMismatch(ex) ? $"Invalid type for '{param}'{position}: {Describe(ex)}"
                : IsDuplicate(ex) ? $"{ex.Message.Split(" encountered", 2)[0]}{where}: each name may appear once per object."
                : $"The request body is not valid JSON{where}{position}.";
            throw FacadeErrors.InvalidJson(message, param);
        }
    }

    /// <summary><c>$.messages[0].role</c> → <c>messages[0].role</c>.</summary>
    internal static string? ParamFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static bool IsTypeMismatch(JsonException ex) =>
        ex.Path is { Length: > 1 } && ex.InnerException is not JsonException && (ex.Message.Contains("could not be converted", StringComparison.Ordinal) || ex.Message.Contains("must be", StringComparison.Ordinal));

    // System.Text.Json's own words for AllowDuplicateProperties = false (its messages are not localized here).
    private static bool IsDuplicate(JsonException ex) => ex.Message.StartsWith("Duplicate property", StringComparison.Ordinal);

    private static string Describe(JsonException ex) =>
        ex.Message.Contains("must be", StringComparison.Ordinal) && !ex.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? ex.Message.Split(" Path:", 2)[0]
            : "the value has the wrong JSON type.";
}
