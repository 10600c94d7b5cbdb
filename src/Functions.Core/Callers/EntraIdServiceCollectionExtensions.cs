using Functions.Core.Configuration;

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
        services.AddValidatedOptions<EntraIdOptions>(configuration, EntraIdOptions.Section, static (o, s) => o.Problems(s));
        services.AddSingleton<EntraCallerDirectory>();

        var options = section.Get<EntraIdOptions>() ?? new EntraIdOptions();
        if (options.Enabled) services.AddSingleton<ICallerAuthenticator, EntraIdCallerAuthenticator>();
        if (EasyAuthCallerAuthenticator.IsEnabled(configuration)) services.AddSingleton<ICallerAuthenticator, EasyAuthCallerAuthenticator>();
        return services;
    }

}
