using Functions.Core.Errors;
using Microsoft.Extensions.Configuration;

namespace Functions.Core.Routing;

/// <summary>
/// The configured models (<c>Models:N:*</c>), checked once at start-up: bad configuration stops the
/// facade with a message naming the setting.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelRoute> _byName;

    public ModelCatalog(IReadOnlyList<ModelRoute> models)
    {
        Models = models;
        _byName = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>Every configured model, in configuration order.</summary>
    public IReadOnlyList<ModelRoute> Models { get; }

    /// <summary>The route for a model name, or a 404 <c>model_not_found</c>.</summary>
    public ModelRoute Resolve(string model) =>
        _byName.TryGetValue(model, out var route) ? route : throw FacadeErrors.ModelNotFound(model);

    /// <summary>Whether <paramref name="target"/> is a configured target of <paramref name="provider"/>.</summary>
    public bool HasTarget(string provider, string target) =>
        Models.Any(m => m.Provider == provider && string.Equals(m.Target, target, StringComparison.Ordinal));

    /// <summary>Reads and checks <c>Models:N:*</c> against the providers this build knows.</summary>
    public static ModelCatalog FromConfiguration(IConfiguration configuration, IReadOnlyCollection<string> providers)
    {
        var routes = new List<ModelRoute>();
        foreach (var section in configuration.GetSection("Models").GetChildren())
        {
            var options = section.Get<ModelOptions>() ?? new ModelOptions();
            var path = section.Path;
            if (string.IsNullOrWhiteSpace(options.Name)) throw Invalid($"{path}:Name", "is missing");
            if (string.IsNullOrWhiteSpace(options.Provider)) throw Invalid($"{path}:Provider", "is missing");
            var provider = options.Provider.Trim().ToLowerInvariant();
            if (!providers.Contains(provider))
                throw Invalid($"{path}:Provider", $"'{options.Provider}' is not one of: {string.Join(", ", providers)}");
            if (string.IsNullOrWhiteSpace(options.Target)) throw Invalid($"{path}:Target", "is missing");
            if (options.MaxOutputTokens is <= 0) throw Invalid($"{path}:MaxOutputTokens", "must be positive");
            if (routes.Any(r => r.Name == options.Name)) throw Invalid($"{path}:Name", $"'{options.Name}' is configured twice");
            routes.Add(new ModelRoute(options.Name, provider, options.Target) { MaxOutputTokens = options.MaxOutputTokens });
        }
        return new ModelCatalog(routes);
    }

    private static InvalidOperationException Invalid(string setting, string problem) =>
        new($"Configuration error: {setting} {problem}.");
}
