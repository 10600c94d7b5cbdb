namespace Functions.Hosting;

/// <summary>Where the Kestrel host listens: <c>ASPNETCORE_URLS</c> or <c>--urls</c> when given, else 127.0.0.1:7071.</summary>
public static class ListenAddress
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>The URL to listen on, or null to leave <c>ASPNETCORE_URLS</c> / <c>--urls</c> to Kestrel.</summary>
    public static string? Resolve(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["urls"]) ? DefaultUrl : null;
}
