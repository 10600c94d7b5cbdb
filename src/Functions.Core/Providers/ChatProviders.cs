namespace Functions.Core.Providers;

/// <summary>The provider adapters of this build, by name, as the chat path calls them (audited when the audit is on).</summary>
public sealed class ChatProviders
{
    private readonly Dictionary<string, IChatProvider> _byName;

    public ChatProviders(IEnumerable<IChatProvider> providers) =>
        _byName = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _byName.Keys;

    /// <summary>The secrets the providers of <paramref name="names"/> read, each once.</summary>
    public IReadOnlyList<string> SecretsOf(IEnumerable<string> names) =>
        [.. names.Distinct(StringComparer.Ordinal).SelectMany(name => Get(name).Secrets).Distinct(StringComparer.Ordinal)];

    /// <summary>The adapter for <paramref name="name"/>; configuration names only known providers, so a miss is a programming error.</summary>
    public IChatProvider Get(string name) =>
        _byName.TryGetValue(name, out var provider) ? provider : throw new InvalidOperationException($"No provider named '{name}' is registered.");
}
