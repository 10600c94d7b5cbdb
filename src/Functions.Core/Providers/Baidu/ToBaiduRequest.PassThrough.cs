using System.Buffers;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// The pass-through body (<c>POST /baidu/chat/{endpoint}</c>): a Baidu-dialect body checked with Baidu's own rules
/// (docs/protocols/baidu.md): odd count, roles alternating user (or function) and assistant, no empty content,
/// the parameter ranges. It is forwarded as received, except that a caller's <c>access_token</c> field is
/// removed: the facade supplies the token.
/// </summary>
public static partial class ToBaiduRequest
{
    /// <summary>The body to forward for a pass-through call; throws a 400 naming the rule it breaks.</summary>
    public static ReadOnlyMemory<byte> PassThrough(ChatCall call, int maxOutputTokens)
    {
        CheckPassThrough(call.Request, maxOutputTokens);
        return WithoutAccessToken(call.RawBody);
    }

    private static void CheckPassThrough(ChatCompletionRequest request, int maxOutputTokens)
    {
        var messages = request.Messages ?? throw FacadeErrors.MissingParameter("messages");
        if (messages.Count == 0) throw FacadeErrors.InvalidParameter("messages", "'messages' must contain at least one message.");
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var path = $"messages[{i}]";
            var userTurn = i % 2 == 0;
            var fits = message?.Role switch
            {
                "user" => userTurn,
                "function" => userTurn && i > 0,
                "assistant" => !userTurn,
                _ => false,
            };
            if (!fits)
                throw FacadeErrors.InvalidParameter($"{path}.role",
                    $"{path}.role is '{message?.Role}'; Baidu needs roles to alternate user (or function, not first) and assistant, with an odd count.");
            var emptyAllowed = message!.Role == "assistant" && message.Extra?.ContainsKey("function_call") == true;
            var text = message.Content is { ValueKind: JsonValueKind.String } content ? content.GetString() : null;
            if (message.Content is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) } || (!emptyAllowed && string.IsNullOrEmpty(text)))
                throw FacadeErrors.InvalidParameter($"{path}.content", $"{path}.content must be a non-empty string (Baidu rejects empty messages).");
            if (message.Role == "function" && string.IsNullOrEmpty(message.Name)) throw FacadeErrors.MissingParameter($"{path}.name");
        }
        if (messages.Count % 2 == 0)
            throw FacadeErrors.InvalidParameter("messages", $"'messages' has {messages.Count} messages; Baidu needs an odd count ending with a user message.");
        BaiduParameters.CheckShared(request);
        BaiduParameters.CheckExtras(request.Extra, maxOutputTokens, nativeRoute: true, hasUser: false);
    }

    /// <summary>The body without a top-level <c>access_token</c> (unchanged bytes when it has none).</summary>
    private static ReadOnlyMemory<byte> WithoutAccessToken(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("access_token", out _)) return body;
        var buffer = new ArrayBufferWriter<byte>(body.Length);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("access_token")) continue;
                property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
