namespace Functions.Core.Providers;

/// <summary>What every provider section (<c>Providers:&lt;Name&gt;:*</c>) has: where it is and how long to wait.</summary>
public class ProviderOptions
{
    /// <summary>The provider's base URL.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Time to open a connection (TCP and TLS).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time from sending the request to the response headers.</summary>
    public TimeSpan FirstByteTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Longest silence between two reads of the response body.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Longest whole call, streams included (keep below host.json's functionTimeout).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Largest single stream event or line accepted from the provider.</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest non-stream response body accepted from the provider.</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>What is wrong with the section, each problem naming its setting.</summary>
    public virtual IEnumerable<string> Problems(string section)
    {
        if (BaseUrl is not null && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https")))
            yield return $"{section}:BaseUrl '{BaseUrl}' is not an absolute http(s) URL.";
        foreach (var (name, value) in new[] { ("ConnectTimeout", ConnectTimeout), ("FirstByteTimeout", FirstByteTimeout), ("IdleTimeout", IdleTimeout), ("TotalTimeout", TotalTimeout) })
        {
            if (value <= TimeSpan.Zero) yield return $"{section}:{name} must be positive.";
        }
        if (MaxEventBytes < 1024) yield return $"{section}:MaxEventBytes must be at least 1024.";
        if (MaxResponseBytes < 1024) yield return $"{section}:MaxResponseBytes must be at least 1024.";
    }
}
