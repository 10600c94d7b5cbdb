namespace Functions.Core.Providers;

/// <summary>The pass-through adapters of this build, by name (audited like the unified route).</summary>
public sealed class NativeChatProviders(IEnumerable<INativeChatProvider> providers)
{
    private readonly Dictionary<string, INativeChatProvider> _byName = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The adapter for <paramref name="name"/>; a build without it is a programming error.</summary>
    public INativeChatProvider Get(string name) =>
        _byName.TryGetValue(name, out var provider) ? provider : throw new InvalidOperationException($"No pass-through provider named '{name}' is registered.");
}
