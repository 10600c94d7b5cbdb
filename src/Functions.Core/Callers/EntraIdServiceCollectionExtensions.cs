using Microsoft.Extensions.Options;

namespace Functions.Core.Callers;

/// <summary>Registers the Entra ID callers: bearer tokens when a tenant is configured, Easy Auth principals when the platform says so.</summary>
public static class EntraIdServiceCollectionExtensions
{
    /// <summary>
    /// Binds and checks <c>Auth:Entra</c>; adds <see cref="EntraIdCallerAuthenticator"/> when
    /// <c>Auth:Entra:TenantId</c> or <c>Auth:Entra:MetadataAddress</c> is set, and
    /// <see cref="EasyAuthCallerAuthenticator"/> when <c>WEBSITE_AUTH_ENABLED</c> is true. Neither otherwise.
    /// </summary>
    public static IServiceCollection AddEntraIdCallers(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EntraIdOptions.Section);
        services.AddOptions<EntraIdOptions>().Bind(section)
            .Validate(o => { o.Validate(EntraIdOptions.Section); return true; });
        services.AddSingleton<EntraCallerDirectory>();

        var options = section.Get<EntraIdOptions>() ?? new EntraIdOptions();
        if (options.Enabled) services.AddSingleton<ICallerAuthenticator, EntraIdCallerAuthenticator>();
        if (EasyAuthCallerAuthenticator.IsEnabled(configuration)) services.AddSingleton<ICallerAuthenticator, EasyAuthCallerAuthenticator>();
        return services;
    }

    /// <summary>Checks <c>Auth:Entra</c> now, so a bad setting stops start-up even when no authenticator uses it.</summary>
    public static void CheckEntraIdConfiguration(this IServiceProvider services) =>
        _ = services.GetRequiredService<IOptions<EntraIdOptions>>().Value;
}
