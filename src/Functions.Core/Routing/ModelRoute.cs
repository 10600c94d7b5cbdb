namespace Functions.Core.Routing;

/// <summary>A configured model: the name callers use, the provider that serves it and the upstream target.</summary>
public sealed record ModelRoute(string Name, string Provider, string Target)
{
    /// <summary>The model's output token limit, when configured.</summary>
    public int? MaxOutputTokens { get; init; }
}
