using System.Buffers;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Baidu's safety and termination verdict for one call (docs/protocols/baidu.md §8), accumulated over the stream's events so a
/// flag raised mid-stream is not lost when a later event says less: <c>need_clear_history</c> and
/// <c>is_truncated</c> once true stay true, the most severe <c>flag</c> wins, the latest <c>ban_round</c> and raw
/// <c>finish_reason</c> are kept. It maps to the OpenAI finish reason and to what clients and the audit see.
/// </summary>
public sealed class BaiduVerdict(IReadOnlySet<int> withheldFlags)
{
    private ProviderFacts? _facts;

    public bool? NeedClearHistory { get; private set; }
    public int? Flag { get; private set; }
    public int? BanRound { get; private set; }
    public bool? IsTruncated { get; private set; }
    public string? RawFinishReason { get; private set; }
    public string? UpstreamId { get; private set; }
    public bool SawFunctionCall { get; private set; }

    /// <summary>True once any text was kept from the client.</summary>
    public bool ContentWithheld { get; private set; }

    /// <summary>Whether content must be kept from the client now: a configured flag, or one outside 0–4 (unknown is unsafe).</summary>
    public bool Withholds => Flag is { } flag && (withheldFlags.Contains(flag) || flag is < 0 or > 4);

    public void Observe(BaiduMessage message)
    {
        UpstreamId ??= message.Id;
        if (message.NeedClearHistory is { } clear && NeedClearHistory != true && NeedClearHistory != clear) { NeedClearHistory = clear; _facts = null; }
        if (message.IsTruncated is { } truncated && IsTruncated != true && IsTruncated != truncated) { IsTruncated = truncated; _facts = null; }
        if (message.Flag is { } flag && (Flag is null || Severity(flag) > Severity(Flag.Value))) { Flag = flag; _facts = null; }
        if (message.BanRound is { } round && round != BanRound) { BanRound = round; _facts = null; }
        if (message.FinishReason is { } finish) RawFinishReason = finish;
        if (message.FunctionName is not null) SawFunctionCall = true;
    }

    /// <summary>Notes that text was withheld (for the <c>baidu</c> object).</summary>
    public void MarkWithheld() => ContentWithheld = true;

    /// <summary>
    /// The OpenAI finish reason: safety first (<c>content_filter</c>, <c>need_clear_history</c>, <c>flag</c> ≥ 2 or
    /// unknown), then <c>function_call</c> → <c>tool_calls</c>, then <c>length</c> or <c>is_truncated</c> → <c>length</c>,
    /// else <c>stop</c> (Baidu's <c>normal</c> never reaches a client: the .NET SDK throws on it).
    /// </summary>
    public string FinishReason()
    {
        if (RawFinishReason == "content_filter" || NeedClearHistory == true || Flag is { } flag && (flag >= 2 || flag < 0)) return FinishReasons.ContentFilter;
        if (SawFunctionCall || RawFinishReason == "function_call") return FinishReasons.ToolCalls;
        if (RawFinishReason == "length" || IsTruncated == true) return FinishReasons.Length;
        return FinishReasons.Stop;
    }

    /// <summary>The verdict as first-class audit fields.</summary>
    public ProviderFacts ToFacts() => _facts ??= new ProviderFacts
    {
        NeedClearHistory = NeedClearHistory,
        Flag = Flag,
        BanRound = BanRound,
        IsTruncated = IsTruncated,
    };

    /// <summary>The <c>"baidu": {...}</c> object on the response or the final chunk.</summary>
    public ProviderExtension ToExtension()
    {
        var buffer = new ArrayBufferWriter<byte>(192);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (UpstreamId is null) w.WriteNull("id"u8); else w.WriteString("id"u8, UpstreamId);
            if (RawFinishReason is null) w.WriteNull("finish_reason"u8); else w.WriteString("finish_reason"u8, RawFinishReason);
            w.WriteBoolean("need_clear_history"u8, NeedClearHistory == true);
            w.WriteNumber("flag"u8, Flag ?? 0);
            if (BanRound is { } round) w.WriteNumber("ban_round"u8, round);
            w.WriteBoolean("is_truncated"u8, IsTruncated == true);
            w.WriteBoolean("content_withheld"u8, ContentWithheld);
            w.WriteEndObject();
        }
        return new ProviderExtension("baidu", buffer.WrittenMemory);
    }

    /// <summary>The verdict as response headers: <c>x-baidu-flag</c>, <c>x-baidu-need-clear-history</c>, <c>x-baidu-ban-round</c>.</summary>
    public void AddHeaders(List<KeyValuePair<string, string>> headers)
    {
        headers.Add(new("x-baidu-flag", (Flag ?? 0).ToString(CultureInfo.InvariantCulture)));
        headers.Add(new("x-baidu-need-clear-history", NeedClearHistory == true ? "true" : "false"));
        if (BanRound is { } round) headers.Add(new("x-baidu-ban-round", round.ToString(CultureInfo.InvariantCulture)));
        if (ContentWithheld) headers.Add(new("x-baidu-content-withheld", "true"));
    }

    /// <summary>0–4 as documented; anything else ranks above 4 (unknown is treated as unsafe).</summary>
    private static int Severity(int flag) => flag is >= 0 and <= 4 ? flag : 5;
}
