using Functions.Core.Providers.Baidu.SharedToken;

namespace Functions.Core.Providers.Baidu;

/// <summary><c>Providers:Baidu:*</c>: where Baidu is, how the access token is kept, what is retried and withheld.</summary>
public sealed class BaiduOptions : ProviderOptions
{
    public const string DefaultBaseUrl = "https://aip.baidubce.com";

    public BaiduOptions() => BaseUrl = DefaultBaseUrl;

    /// <summary>Longest wait for the token endpoint (the Baidu SDK uses 5 s); beyond it the call fails with a 502.</summary>
    public TimeSpan TokenTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A token is not used within this margin of its expiry (capped at a quarter of its lifetime).</summary>
    public TimeSpan TokenExpiryMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long before that point a background refresh starts (capped at a quarter of the usable lifetime).</summary>
    public TimeSpan TokenRefreshAhead { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After a failed background refresh, the next one waits at least this long (the old token is still valid).</summary>
    public TimeSpan TokenRefreshRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>SharedToken:*</c>: the token shared by every instance through a table of the audit storage account.</summary>
    public BaiduSharedTokenOptions SharedToken { get; set; } = new();

    /// <summary>Retries of Baidu's transient errors (336100, 18, 2) before the first byte reaches the client.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; each further retry doubles it (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The <c>flag</c> values whose content the client must not see, comma-separated: by default 3 ("禁止上屏",
    /// must not be displayed) and 4 ("撤屏", retract). Values outside 0–4 are always withheld.
    /// </summary>
    public string WithheldFlags { get; set; } = "3,4";

    /// <summary>
    /// Whether withheld text is blanked on the pass-through route too (<c>POST /baidu/chat/{endpoint}</c>): the event's
    /// <c>result</c> becomes empty, every verdict field stays as Baidu sent it, the audit keeps the text. False hands
    /// the caller Baidu's bytes unchanged, for callers that act on the verdict fields themselves.
    /// </summary>
    public bool WithholdOnPassThrough { get; set; } = true;

    /// <summary><see cref="WithheldFlags"/> parsed (checked by <see cref="Problems"/>).</summary>
    public IReadOnlySet<int> ParseWithheldFlags() => ParseFlags(WithheldFlags) ?? [];

    /// <summary>The default output-token range upper bound when a model configures none (docs/protocols/baidu.md §4.1: [2, 2048]).</summary>
    public int DefaultMaxOutputTokens { get; set; } = 2048;

    public override IEnumerable<string> Problems(string section)
    {
        foreach (var problem in base.Problems(section)) yield return problem;
        foreach (var (name, value) in new[] { ("TokenTimeout", TokenTimeout), ("TokenExpiryMargin", TokenExpiryMargin), ("TokenRefreshAhead", TokenRefreshAhead), ("TokenRefreshRetryInterval", TokenRefreshRetryInterval) })
        {
            if (value <= TimeSpan.Zero) yield return $"{section}:{name} must be positive.";
        }
        if (RetryBaseDelay < TimeSpan.Zero) yield return $"{section}:RetryBaseDelay must not be negative.";
        if (MaxRetries is < 0 or > 10) yield return $"{section}:MaxRetries must be between 0 and 10.";
        if (DefaultMaxOutputTokens < 2) yield return $"{section}:DefaultMaxOutputTokens must be at least 2.";
        foreach (var problem in SharedToken.Problems(section + ":SharedToken")) yield return problem;
        if (ParseFlags(WithheldFlags) is null) yield return $"{section}:WithheldFlags '{WithheldFlags}' must be comma-separated integers, e.g. '3,4'.";
    }

    private static HashSet<int>? ParseFlags(string? text)
    {
        var set = new HashSet<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var flag)) return null;
            set.Add(flag);
        }
        return set;
    }
}
