using Functions;
using Microsoft.Extensions.Options;

try
{
    await FacadeApp.Create(args).RunAsync();
}
catch (Exception ex) when (ConfigurationProblems(ex) is { Count: > 0 } problems)
{
    foreach (var problem in problems) Console.Error.WriteLine($"Configuration error: {problem}");
    return 78; // EX_CONFIG
}
return 0;

// Start-up validation (ValidateOnStart) throws one OptionsValidationException, or several in an AggregateException.
static List<string> ConfigurationProblems(Exception exception) => exception switch
{
    OptionsValidationException options => [.. options.Failures],
    AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
        [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
    _ => [],
};
