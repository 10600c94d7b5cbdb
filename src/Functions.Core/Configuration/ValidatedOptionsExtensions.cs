namespace Functions.Core.Configuration;

/// <summary>Binds an options type and registers its start-up validation in one call.</summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="section"/> (the configuration root when empty) and
    /// checks it when the host starts with <paramref name="problems"/>, which names each bad setting.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section,
        Func<TOptions, string, IEnumerable<string>> problems)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section, problems));
        return services.AddOptions<TOptions>()
            .Bind(section.Length == 0 ? configuration : configuration.GetSection(section))
            .ValidateOnStart();
    }
}
