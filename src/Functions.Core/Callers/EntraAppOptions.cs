namespace Functions.Core.Callers;

/// <summary>One entry of <c>Auth:Entra:Apps:N:*</c>: an app that calls with an Entra ID identity.</summary>
public sealed class EntraAppOptions
{
    /// <summary>The calling app's client id (application id), as tokens carry it in <c>azp</c> or <c>appid</c>.</summary>
    public string? AppId { get; set; }

    /// <summary>The name the audit records for this app; the app id when not set.</summary>
    public string? Name { get; set; }

    /// <summary>Models this app may use; empty means all.</summary>
    public List<string> Models { get; set; } = [];
}
