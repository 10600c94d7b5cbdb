namespace Reliability.Hostile;

/// <summary>What the generator needs to know about the facade under test: its routes' names and a valid caller key.</summary>
public sealed class HostileTargets
{
    /// <summary>Model names of <c>/v1/chat/completions</c>, one per provider (e.g. lanrui, baidu, mindie).</summary>
    public required IReadOnlyList<string> UnifiedModels { get; init; }

    /// <summary>A configured Baidu endpoint for <c>/baidu/chat/{endpoint}</c>, or null when none is configured.</summary>
    public string? BaiduEndpoint { get; init; }

    /// <summary>A configured MindIE target (the <c>model</c> of <c>/mindie/v1/chat/completions</c>), or null.</summary>
    public string? MindIEModel { get; init; }

    /// <summary>A caller key the facade accepts.</summary>
    public required string CallerKey { get; init; }

    /// <summary>A key the facade does not accept but must never log or echo (a canary).</summary>
    public string WrongKey { get; init; } = "sk-wrong-key";

    /// <summary>The text put after CR/LF in log-forging probes; it must never begin a log line.</summary>
    public string ForgeMarker { get; init; } = "FORGEDLOGLINE";

    /// <summary>The facade's body limit (<c>Limits:MaxRequestBodyBytes</c>).</summary>
    public int MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;
}
