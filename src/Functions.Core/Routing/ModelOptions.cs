namespace Functions.Core.Routing;

/// <summary>One entry of <c>Models:N:*</c>: what callers send, which provider serves it, and its upstream name.</summary>
public sealed class ModelOptions
{
    /// <summary><c>Models:N:Name</c>: the model name callers send.</summary>
    public string? Name { get; set; }

    /// <summary><c>Models:N:Provider</c>: <c>lanrui</c>, <c>baidu</c> or <c>mindie</c>.</summary>
    public string? Provider { get; set; }

    /// <summary><c>Models:N:Target</c>: the upstream model name (for Baidu, the endpoint path segment).</summary>
    public string? Target { get; set; }

    /// <summary><c>Models:N:MaxOutputTokens</c>: the model's output limit when it differs from the provider's default.</summary>
    public int? MaxOutputTokens { get; set; }
}
