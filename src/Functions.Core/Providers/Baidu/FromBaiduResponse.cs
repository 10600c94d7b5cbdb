namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Translates a whole Baidu answer (docs/protocols/baidu.md) into one final update, as the last event of a
/// one-event stream: <c>result</c> as the content, <c>function_call</c> as one tool call with a generated id, the
/// mapped finish reason, the verdict as facts, as the <c>baidu</c> object and as headers. Content under a withheld
/// flag becomes empty for the client and stays in <see cref="ChatUpdate.WithheldContent"/> for the audit.
/// </summary>
public static class FromBaiduResponse
{
    /// <summary>The answer as an update; its verdict headers are added to <paramref name="headers"/>.</summary>
    public static ChatUpdate Translate(BaiduMessage message, FromBaiduChunk translator, List<KeyValuePair<string, string>> headers)
    {
        var update = translator.Translate(message, final: true);
        translator.AddVerdictHeaders(headers);
        return update with { Content = update.Content ?? "" };
    }
}
