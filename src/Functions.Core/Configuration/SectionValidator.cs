namespace Functions.Core.Configuration;

/// <summary>
/// Validates the options of one configuration section the .NET way (<see cref="IValidateOptions{TOptions}"/>, run at
/// start-up by <c>ValidateOnStart</c>): every problem is reported, each naming its setting, e.g.
/// <c>Providers:Lanrui:IdleTimeout must be positive.</c> The host stops with exit code 78 and prints them.
/// </summary>
public sealed class SectionValidator<TOptions>(string section, Func<TOptions, string, IEnumerable<string>> problems) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var found = problems(options, section).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
