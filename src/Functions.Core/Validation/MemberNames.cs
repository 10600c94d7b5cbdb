using System.Text.Json.Serialization.Metadata;

namespace Functions.Core.Validation;

/// <summary>
/// Member names are exact: a member that differs from one the facade reads only in case (<c>"Model"</c> beside or
/// instead of <c>"model"</c>) is refused with 400 naming it, on every chat route. The facade checks <c>model</c>,
/// <c>messages</c> and <c>stream</c> by their exact names; an upstream that reads names without regard to case could
/// take another model or other messages than the facade checked against the caller's allowlist (issue 21). Checked
/// where the facade validates: the request's own members, each message's and <c>stream_options</c>'. The known names
/// come from the request model's JSON metadata, so a new member is covered when it is declared.
/// </summary>
public static class MemberNames
{
    private static readonly Dictionary<string, string> s_request = Known(OpenAIJsonContext.Default.ChatCompletionRequest);
    private static readonly Dictionary<string, string> s_message = Known(OpenAIJsonContext.Default.ChatMessage);
    private static readonly Dictionary<string, string> s_streamOptions = new(StringComparer.OrdinalIgnoreCase) { ["include_usage"] = "include_usage" };

    /// <summary>Throws a 400 <c>invalid_parameter</c> naming the first member that differs from a known one only in case.</summary>
    public static void Check(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                Refuse(s_request, name, name);
                reader.Read();
                if (name == "messages" && reader.TokenType == JsonTokenType.StartArray)
                {
                    for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject) CheckObject(ref reader, s_message, $"messages[{i}]");
                        else reader.Skip();
                    }
                }
                else if (name == "stream_options" && reader.TokenType == JsonTokenType.StartObject) CheckObject(ref reader, s_streamOptions, name);
                else reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the request reader says where, with its own message.
        }
    }

    private static void CheckObject(ref Utf8JsonReader reader, Dictionary<string, string> known, string path)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            Refuse(known, name, $"{path}.{name}");
            reader.Read();
            reader.Skip();
        }
    }

    private static void Refuse(Dictionary<string, string> known, string name, string param)
    {
        if (known.TryGetValue(name, out var exact) && !string.Equals(exact, name, StringComparison.Ordinal))
            throw FacadeErrors.InvalidParameter(param, $"'{param}' differs from the member '{exact}' only in case; member names are exact.");
    }

    private static Dictionary<string, string> Known(JsonTypeInfo type) =>
        type.Properties.Where(p => !p.IsExtensionData).ToDictionary(p => p.Name, p => p.Name, StringComparer.OrdinalIgnoreCase);
}
