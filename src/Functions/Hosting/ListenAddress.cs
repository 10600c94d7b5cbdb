using Microsoft.Extensions.Options;

namespace Functions.Hosting;

/// <summary>
/// Where Kestrel listens. Under the Functions host, <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> on 127.0.0.1 (the
/// host connects there); otherwise <c>ASPNETCORE_URLS</c> or <c>--urls</c>; otherwise 127.0.0.1:7071.
/// </summary>
public static class ListenAddress
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static string? Resolve(IConfiguration configuration, Func<string, string?> environment)
    {
        var port = environment("FUNCTIONS_CUSTOMHANDLER_PORT");
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
                throw new OptionsValidationException("FUNCTIONS_CUSTOMHANDLER_PORT", typeof(string), [$"FUNCTIONS_CUSTOMHANDLER_PORT '{port}' is not a TCP port."]);
            return $"http://127.0.0.1:{number}";
        }
        // null: leave ASPNETCORE_URLS / --urls to Kestrel.
        return string.IsNullOrWhiteSpace(configuration["urls"]) ? DefaultUrl : null;
    }
}
