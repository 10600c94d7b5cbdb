namespace Functions.Core.Routing;

/// <summary>
/// The configured models (<c>Models:N:*</c>), checked once at start-up (<see cref="ModelCatalogOptions"/>): bad
/// configuration stops the facade with a message naming the setting.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelRoute> _byName;

    public ModelCatalog(IReadOnlyList<ModelRoute> models, DateTimeOffset loaded)
    {
        Models = models;
        Loaded = loaded;
        _byName = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>Every configured model, in configuration order.</summary>
    public IReadOnlyList<ModelRoute> Models { get; }

    /// <summary>When this configuration was loaded: the models' <c>created</c>, the same on every call.</summary>
    public DateTimeOffset Loaded { get; }

    /// <summary>The route for a model name, or a 404 <c>model_not_found</c>.</summary>
    public ModelRoute Resolve(string model) =>
        _byName.TryGetValue(model, out var route) ? route : throw FacadeErrors.ModelNotFound(model);

    /// <summary>Whether <paramref name="target"/> is a configured target of <paramref name="provider"/>.</summary>
    public bool HasTarget(string provider, string target) =>
        Models.Any(m => m.Provider == provider && string.Equals(m.Target, target, StringComparison.Ordinal));

    /// <summary>The configured models (checked at start-up by <see cref="ModelCatalogOptions.Problems"/>), providers' names in lower case.</summary>
    public static ModelCatalog FromOptions(ModelCatalogOptions options, DateTimeOffset loaded) =>
        new([.. options.Models.Select(m => new ModelRoute(m.Name!, m.Provider!.Trim().ToLowerInvariant(), m.Target!) { MaxOutputTokens = m.MaxOutputTokens })], loaded);
}
