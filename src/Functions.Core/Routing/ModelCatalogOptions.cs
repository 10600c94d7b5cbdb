namespace Functions.Core.Routing;

/// <summary><c>Models:N:*</c>: the models callers may name, each with its provider and upstream target.</summary>
public sealed class ModelCatalogOptions
{
    public List<ModelOptions> Models { get; set; } = [];

    /// <summary>What is wrong with the list, given the providers this build has; each problem names its setting.</summary>
    public IEnumerable<string> Problems(IReadOnlyCollection<string> providers)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Models.Count; i++)
        {
            var model = Models[i];
            var path = $"Models:{i}";
            if (string.IsNullOrWhiteSpace(model.Name)) yield return $"{path}:Name is missing.";
            else if (!names.Add(model.Name)) yield return $"{path}:Name '{model.Name}' is configured twice.";
            if (string.IsNullOrWhiteSpace(model.Provider)) yield return $"{path}:Provider is missing.";
            else if (!providers.Contains(model.Provider.Trim().ToLowerInvariant()))
                yield return $"{path}:Provider '{model.Provider}' is not one of: {string.Join(", ", providers)}.";
            if (string.IsNullOrWhiteSpace(model.Target)) yield return $"{path}:Target is missing.";
            if (model.MaxOutputTokens is <= 0) yield return $"{path}:MaxOutputTokens must be positive.";
        }
    }
}
