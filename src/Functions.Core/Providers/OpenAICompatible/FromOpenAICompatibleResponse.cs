namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>
/// Translates an OpenAI-shaped <c>chat.completion</c> body into one final <see cref="ChatUpdate"/>: the message of
/// the choice with index 0 (<c>tool_calls: []</c> counts as none), its finish reason, usage and id. A provider
/// whose answers carry more reads them with <see cref="Read"/> and adds its own fields.
/// </summary>
public static class FromOpenAICompatibleResponse
{
    public static ChatUpdate Translate(ReadOnlyMemory<byte> body, string provider)
    {
        using var document = UpstreamJson.ParseAnswer(body, provider, "the response", root => OpenAICompatibleErrors.FromStreamError(provider, root.GetProperty("error")));
        return Read(document.RootElement, provider);
    }

    /// <summary>The answer's OpenAI fields, without looking for an error; no choice is the provider's protocol error.</summary>
    public static ChatUpdate Read(JsonElement root, string provider)
    {
        var choice = FromOpenAICompatibleChunk.FirstChoice(root) ?? throw FacadeErrors.UpstreamProtocol(provider, "the response has no choices");
        string? content = null;
        IReadOnlyList<ToolCallUpdate>? tools = null;
        if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
        {
            content = OpenAICompatibleFields.String(message, "content");
            tools = OpenAICompatibleToolCalls.Read(message);
        }
        var raw = OpenAICompatibleFields.String(choice, "finish_reason");
        return new ChatUpdate
        {
            Content = content,
            ToolCalls = tools,
            FinishReason = tools is not null && raw is null ? FinishReasons.ToolCalls : FinishReasons.FromOpenAI(raw),
            RawFinishReason = raw,
            Usage = OpenAICompatibleUsage.Read(root),
            UpstreamId = OpenAICompatibleFields.String(root, "id"),
        };
    }
}
