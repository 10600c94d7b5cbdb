using System.Text.RegularExpressions;
using Functions.Core;
using Functions.Core.Callers;
using Functions.Core.Endpoints;
using Functions.Core.Routing;
using Microsoft.Extensions.Options;

namespace Functions;

/// <summary>What both hosts set up alike: the whole chain's services, and the start-up check of every setting.</summary>
public static class FacadeHosting
{
    // Microsoft.Extensions.Configuration.Binder's message (Error_FailedBinding).
    private static readonly Regex s_notConvertible = new("^Failed to convert configuration value .*?at '(?<key>[^']+)' to type '(?<type>[^']+)'\\.$", RegexOptions.CultureInvariant);

    /// <summary>Registers the facade on a host builder (Kestrel's <c>WebApplicationBuilder</c> or the worker's <c>FunctionsApplicationBuilder</c>).</summary>
    public static void AddFacade(this IHostApplicationBuilder builder) => builder.Services.AddFacade(builder.Configuration);

    /// <summary>Checks every setting now; the host would again at start, but log a stack trace first.</summary>
    public static void CheckConfiguration(IServiceProvider services) => services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>
    /// Outside Development, what <see cref="ReadinessCheck"/> finds stops the start as bad settings do (an instance that
    /// would answer every call with an error should not take traffic); in Development it is logged and
    /// <c>/health/ready</c> reports it. Also says what a start with no models or no callers lacks: without them every
    /// call is 404 or 401, and nothing else would say why.
    /// </summary>
    /// <exception cref="OptionsValidationException">Outside Development: one failure per problem, each naming its setting.</exception>
    public static async Task CheckReadyToServeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        var lacks = new List<string>();
        if (services.GetRequiredService<ModelCatalog>().Models.Count == 0) lacks.Add("no models (Models:N:Name, Models:N:Provider, Models:N:Target)");
        if (services.GetRequiredService<IOptions<CallerListOptions>>().Value.Callers.Count == 0 && !EntraConfigured(services))
        {
            lacks.Add("no callers (Callers:N:Name and Callers:N:KeySha256, or Auth:Entra)");
        }

        if (lacks.Count > 0)
        {
            Console.Error.WriteLine($"Warning: the facade runs in {environment.EnvironmentName} with {string.Join(" and ", lacks)}: every call will be refused. "
                + "Configure them (README, section Configuration), or for a local run use the Development settings (ASPNETCORE_ENVIRONMENT=Development, or ./run.sh).");
        }

        var problems = await services.GetRequiredService<ReadinessCheck>().ProblemsAsync(cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0 && !environment.IsDevelopment())
        {
            throw new OptionsValidationException("Readiness", typeof(ReadinessCheck), problems);
        }
    }

    private static bool EntraConfigured(IServiceProvider services) =>
        !string.IsNullOrWhiteSpace(services.GetRequiredService<IConfiguration>()["Auth:Entra:TenantId"]);

    /// <summary>The problems of a failed start-up check, one per bad setting; empty when <paramref name="exception"/> is something else.</summary>
    public static IReadOnlyList<string> ConfigurationProblems(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures],
        InvalidOperationException conversion when NotConvertible(conversion) is { } problem => [problem],
        AggregateException aggregate when aggregate.InnerExceptions.Select(ConfigurationProblems).ToList() is var each && each.All(p => p.Count > 0) =>
            [.. each.SelectMany(p => p)],
        _ => [],
    };

    /// <summary>
    /// A setting the configuration binder could not convert (<c>Providers:Lanrui:TotalTimeout=abc</c>), named with the
    /// type it must be; the value itself is left out, as it may be a secret.
    /// </summary>
    private static string? NotConvertible(InvalidOperationException exception) =>
        s_notConvertible.Match(exception.Message) is { Success: true } match
            ? $"{match.Groups["key"].Value} is not a valid {TypeName(match.Groups["type"].Value)}."
            : null;

    private static string TypeName(string type) => type switch
    {
        "System.TimeSpan" => "time span (hh:mm:ss)",
        "System.Int32" or "System.Int64" => "whole number",
        "System.Double" or "System.Decimal" => "number",
        "System.Boolean" => "boolean (true or false)",
        "System.Uri" => "URL",
        _ => type[(type.LastIndexOf('.') + 1)..],
    };

    /// <summary>
    /// Why the host could not listen (the port is taken, the address is not this machine's), in one line; <c>null</c>
    /// when <paramref name="exception"/> is something else.
    /// </summary>
    public static string? ListenProblem(Exception exception) =>
        exception is IOException io && io.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal)
            ? io.Message
            : null;
}
