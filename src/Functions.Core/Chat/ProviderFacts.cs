namespace Functions.Core.Chat;

/// <summary>
/// What a provider reports about a call beyond text and usage, as first-class fields for the audit:
/// Baidu's safety verdicts, MindIE's timings. Each provider fills what it has.
/// </summary>
public sealed record ProviderFacts
{
    public bool? NeedClearHistory { get; init; }
    public int? Flag { get; init; }
    public int? BanRound { get; init; }
    public bool? IsTruncated { get; init; }

    /// <summary>Authoritative final text reported by the provider (MindIE <c>full_text</c>).</summary>
    public string? FullText { get; init; }

    public double? PrefillTimeMs { get; init; }
    public IReadOnlyList<double>? DecodeTimesMs { get; init; }
}
