using System.Text.Encodings.Web;

namespace Functions.Core.Audit;

/// <summary>
/// One call as the audit sees it pass: the record to begin with, then every update observed (text
/// assembled, usage and verdicts kept as the provider last reported them), then the completion.
/// </summary>
public sealed class AuditedCall
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly StringBuilder _text = new();
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _tools = [];
    private long? _firstToken;
    private ChatUsage? _usage;
    private ProviderFacts? _facts;
    private string? _finish, _rawFinish, _upstreamId;

    public AuditedCall(PreparedRequest request, TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
        var call = request.Call;
        RequestId = call.RequestId;
        Start = new AuditStart
        {
            RequestId = call.RequestId,
            Time = time.GetUtcNow(),
            Caller = call.Caller,
            Route = call.PassThrough ? AuditRoute.Native : AuditRoute.Unified,
            Provider = call.Route.Provider,
            Model = call.Route.Name,
            Target = request.Target,
            Stream = call.Stream,
            PromptReceived = Encoding.UTF8.GetString(call.RawBody.Span),
            PromptSent = Encoding.UTF8.GetString(request.Body.Span),
            UserAgent = call.UserAgent,
            InvocationId = call.InvocationId,
        };
    }

    public string RequestId { get; }

    public AuditStart Start { get; }

    /// <summary>
    /// True once something was handed on towards the client (the status is then 200): an update the relay writes (a
    /// chunk, or a pass-through answer's bytes). A role-only or usage-only first event writes nothing, so a failure
    /// after it still reaches the client as a status, and the record says the same.
    /// </summary>
    public bool Started { get; private set; }

    public void Observe(ChatUpdate update)
    {
        if (update.HasChunk || !update.Raw.IsEmpty) Started = true;
        if (update.Content is not null) _text.Append(update.Content);
        // Text withheld from the client (Baidu flag 3/4) is still what the provider answered: the audit keeps it.
        if (update.WithheldContent is not null) _text.Append(update.WithheldContent);
        if (update.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                if (!_tools.TryGetValue(call.Index, out var tool)) tool = (call.Id, call.Name, new StringBuilder());
                tool.Arguments.Append(call.Arguments);
                _tools[call.Index] = (tool.Id ?? call.Id, tool.Name ?? call.Name, tool.Arguments);
            }
        }
        if ((update.Content is { Length: > 0 } || update.ToolCalls is not null) && _firstToken is null) _firstToken = _time.GetTimestamp();
        _usage = update.Usage ?? _usage;
        _finish = update.FinishReason ?? _finish;
        _rawFinish = update.RawFinishReason ?? _rawFinish;
        _upstreamId ??= update.UpstreamId;
        if (update.Facts is { } facts) _facts = Merge(_facts, facts);
    }

    /// <summary>The completion record for an outcome; <paramref name="error"/> when the call failed.</summary>
    public AuditCompletion Complete(CallOutcome outcome, int status, FacadeException? error = null) => new()
    {
        RequestId = RequestId,
        Time = _time.GetUtcNow(),
        Outcome = outcome,
        Status = status,
        ResponseText = ResponseText(),
        FinishReason = _finish,
        RawFinishReason = _rawFinish,
        PromptTokens = _usage?.PromptTokens,
        CompletionTokens = _usage?.CompletionTokens,
        TotalTokens = _usage?.TotalTokens,
        NeedClearHistory = _facts?.NeedClearHistory,
        Flag = _facts?.Flag,
        BanRound = _facts?.BanRound,
        IsTruncated = _facts?.IsTruncated,
        PrefillTimeMs = _facts?.PrefillTimeMs,
        DecodeTimeStats = DecodeStats(_facts?.DecodeTimesMs),
        TimeToFirstTokenMs = _firstToken is { } first ? _time.GetElapsedTime(_started, first).TotalMilliseconds : null,
        DurationMs = _time.GetElapsedTime(_started).TotalMilliseconds,
        UpstreamRequestId = _upstreamId,
        ErrorCode = error?.UpstreamCode is { } upstream ? $"{error.Code.Value} ({upstream})" : error?.Code.Value,
        ErrorMessage = error?.Message,
    };

    /// <summary>What came back: the provider's authoritative text when it gave one, else the assembled deltas; tool calls as JSON after it.</summary>
    private string ResponseText()
    {
        var text = _facts?.FullText ?? _text.ToString();
        if (_tools.Count == 0) return text;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            writer.WriteStartArray();
            foreach (var (_, tool) in _tools)
            {
                writer.WriteStartObject();
                writer.WriteString("id"u8, tool.Id);
                writer.WriteString("name"u8, tool.Name);
                writer.WriteString("arguments"u8, tool.Arguments.ToString());
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return (text.Length == 0 ? "" : text + "\n") + "tool_calls: " + Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ProviderFacts Merge(ProviderFacts? previous, ProviderFacts next) => previous is null ? next : new ProviderFacts
    {
        NeedClearHistory = next.NeedClearHistory ?? previous.NeedClearHistory,
        Flag = next.Flag ?? previous.Flag,
        BanRound = next.BanRound ?? previous.BanRound,
        IsTruncated = next.IsTruncated ?? previous.IsTruncated,
        FullText = next.FullText ?? previous.FullText,
        PrefillTimeMs = next.PrefillTimeMs ?? previous.PrefillTimeMs,
        DecodeTimesMs = next.DecodeTimesMs ?? previous.DecodeTimesMs,
    };

    private static AuditDecodeStats? DecodeStats(IReadOnlyList<double>? times)
    {
        if (times is not { Count: > 0 }) return null;
        var sorted = times.Order().ToArray();
        return new AuditDecodeStats(sorted.Length, sorted.Average(), sorted[sorted.Length / 2], sorted[^1]);
    }
}
