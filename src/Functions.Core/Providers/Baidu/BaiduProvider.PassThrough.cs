namespace Functions.Core.Providers.Baidu;

/// <summary>
/// The pass-through answer: Baidu's status, content type, rate-limit headers and bytes, each event with its
/// meaning for the audit. Baidu's own error (an <c>error_code</c> body or line) reaches the caller as Baidu wrote
/// it and is then thrown as passed through, so the audit records it as the upstream error it is.
/// </summary>
public sealed partial class BaiduProvider
{
    private ChatAnswer PassThroughAnswer(BaiduAttempt attempt)
    {
        var response = attempt.Call.Response;
        List<KeyValuePair<string, string>> headers = [];
        foreach (var (name, values) in response.Headers)
        {
            if (name.StartsWith("X-Ratelimit-", StringComparison.OrdinalIgnoreCase) || name.Equals("Statement", StringComparison.OrdinalIgnoreCase))
                headers.Add(new(name, string.Join(", ", values)));
        }
        var updates = attempt.Events is { } events ? PassThroughStreamAsync(events, attempt) : PassThroughWholeAsync(attempt);
        return new ChatAnswer(updates, attempt)
        {
            Status = attempt.Call.Status,
            ContentType = response.Content.Headers.ContentType?.ToString(),
            Headers = headers,
            DialectError = BaiduErrors.ToBaiduErrorLine,
        };
    }

    private async IAsyncEnumerable<ChatUpdate> PassThroughWholeAsync(BaiduAttempt attempt)
    {
        var body = attempt.Body ?? [];
        var failure = attempt.Call.Status is < 200 or >= 300 ? BaiduErrors.FromStatus(attempt.Call, body)
            : attempt.First is null ? FacadeErrors.UpstreamProtocol(Display, "the response was not a JSON object")
            : attempt.First.IsError ? BaiduErrors.FromError(attempt.First.ErrorCode!.Value, attempt.First.ErrorMessage, [], attempt.Token)
            : null;
        if (failure is not null)
        {
            yield return new ChatUpdate { Raw = body };
            throw PassedThrough(failure);
        }
        var update = new FromBaiduChunk(_withheldOnPassThrough).Translate(attempt.First!, final: true);
        yield return update with { Raw = update.WithheldContent is null ? body : FromBaiduChunk.WithResultBlanked(body) };
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Each event's bytes as it completes (withheld text blanked), with its update; the stream must end with <c>is_end</c>.</summary>
    private async IAsyncEnumerable<ChatUpdate> PassThroughStreamAsync(SseReader events, BaiduAttempt attempt)
    {
        var translator = new FromBaiduChunk(_withheldOnPassThrough);
        var ended = false;
        for (var item = attempt.FirstItem; item is not null; item = await NextItemAsync(events, attempt.Call).ConfigureAwait(false))
        {
            if (item.Kind == SseItemKind.Comment)
            {
                yield return new ChatUpdate { Raw = item.Raw };
                continue;
            }
            var message = TryParse(item.Json);
            if (message is null || message.IsError || item.Kind == SseItemKind.BareLine)
            {
                // The caller gets the bytes as Baidu sent them. Baidu's own error ends the answer as Baidu ended it;
                // anything else is the facade's finding, which the relay reports in Baidu's own form after them.
                yield return new ChatUpdate { Raw = item.Raw };
                throw message is { IsError: true }
                    ? PassedThrough(BaiduErrors.FromError(message.ErrorCode!.Value, message.ErrorMessage, [], attempt.Token))
                    : FacadeErrors.UpstreamProtocol(Display, item.Kind == SseItemKind.BareLine ? "the stream carried a line without 'data:' that is not an error" : "a stream event was not a JSON object");
            }
            var update = translator.Translate(message);
            ended |= message.IsEnd;
            yield return update with { Raw = update.WithheldContent is null ? item.Raw : SseEvent(FromBaiduChunk.WithResultBlanked(item.Json)) };
        }
        if (!events.Raw.IsEmpty) yield return new ChatUpdate { Raw = events.Raw.ToArray() };
        if (!ended) throw FacadeErrors.UpstreamProtocol(Display, "the stream ended without is_end, so the answer may be incomplete");
    }

    private static FacadeException PassedThrough(FacadeException error)
    {
        error.PassedThrough = true;
        return error;
    }

    private static byte[] SseEvent(byte[] json) => [.. "data: "u8, .. json, .. "\n\n"u8];
}
