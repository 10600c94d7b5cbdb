using Functions.Core.Errors;

namespace Functions.Core.Providers;

/// <summary>The provider adapters of this build, by name.</summary>
public sealed class ChatProviders
{
    private readonly Dictionary<string, IChatProvider> _byName;

    public ChatProviders(IEnumerable<IChatProvider> providers) =>
        _byName = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public IChatProvider Get(string name) =>
        _byName.TryGetValue(name, out var provider) ? provider : throw FacadeErrors.Internal();
}
