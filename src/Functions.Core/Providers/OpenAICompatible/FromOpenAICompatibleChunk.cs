namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>
/// Translates one OpenAI-shaped stream chunk (<c>chat.completion.chunk</c>) into a <see cref="ChatUpdate"/>: the
/// delta of the choice with index 0, its finish reason, usage and id. Unknown fields are ignored; an in-stream
/// <c>{"error":…}</c> becomes the provider's error. A provider whose chunks carry more reads them with
/// <see cref="Read"/> and adds its own fields.
/// </summary>
public static class FromOpenAICompatibleChunk
{
    public static ChatUpdate Translate(ReadOnlyMemory<byte> data, string provider)
    {
        using var document = UpstreamJson.ParseAnswer(data, provider, "a stream event", root => OpenAICompatibleErrors.FromStreamError(provider, root.GetProperty("error")));
        return Read(document.RootElement);
    }

    /// <summary>The chunk's OpenAI fields, without looking for an error.</summary>
    public static ChatUpdate Read(JsonElement root)
    {
        string? content = null, finish = null;
        IReadOnlyList<ToolCallUpdate>? tools = null;
        if (FirstChoice(root) is { } choice)
        {
            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                content = OpenAICompatibleFields.String(delta, "content");
                tools = OpenAICompatibleToolCalls.Read(delta);
            }
            finish = OpenAICompatibleFields.String(choice, "finish_reason");
        }
        return new ChatUpdate
        {
            Content = string.IsNullOrEmpty(content) ? null : content,
            ToolCalls = tools,
            FinishReason = finish is null ? null : FinishReasons.FromOpenAI(finish),
            RawFinishReason = finish,
            Usage = OpenAICompatibleUsage.Read(root),
            UpstreamId = OpenAICompatibleFields.String(root, "id"),
        };
    }

    /// <summary>The choice with index 0 (the facade relays one choice), or the first one without an index.</summary>
    public static JsonElement? FirstChoice(JsonElement root)
    {
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array) return null;
        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind != JsonValueKind.Object) continue;
            if (!choice.TryGetProperty("index", out var index) || (index.TryGetInt32(out var i) && i == 0)) return choice;
        }
        return null;
    }
}
