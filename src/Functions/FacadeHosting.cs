using Functions.Core;
using Microsoft.Extensions.Options;

namespace Functions;

/// <summary>What both hosts set up alike: the whole chain's services, and the start-up check of every setting.</summary>
public static class FacadeHosting
{
    /// <summary>Registers the facade on a host builder (Kestrel's <c>WebApplicationBuilder</c> or the worker's <c>FunctionsApplicationBuilder</c>).</summary>
    public static void AddFacade(this IHostApplicationBuilder builder) => builder.Services.AddFacade(builder.Configuration);

    /// <summary>Checks every setting now; the host would again at start, but log a stack trace first.</summary>
    public static void CheckConfiguration(IServiceProvider services) => services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>The problems of a failed start-up check, one per bad setting; empty when <paramref name="exception"/> is something else.</summary>
    public static IReadOnlyList<string> ConfigurationProblems(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };
}
