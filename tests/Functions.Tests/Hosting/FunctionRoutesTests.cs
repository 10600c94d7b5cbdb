using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Functions.Tests.Infra;
using Functions.Core.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Functions.Tests.Hosting;

/// <summary>
/// The Functions host only forwards what a function.json routes, so every public app route needs a
/// function, and every function must reach an app route. <c>GET /</c> is the host's own start-up ping.
/// </summary>
public sealed partial class FunctionRoutesTests
{
    private static string Normalize(string route) => Parameter().Replace("/" + route.Trim('/'), "{}");

    private static HashSet<(string Route, string Method)> FunctionRoutes()
    {
        var set = new HashSet<(string, string)>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "src", "Functions", "functions"), "function.json", SearchOption.AllDirectories))
        {
            var trigger = JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "httpTrigger")!;
            foreach (var method in trigger["methods"]!.AsArray())
                set.Add((Normalize(trigger["route"]!.GetValue<string>()), method!.GetValue<string>().ToUpperInvariant()));
        }
        return set;
    }

    private static async Task<HashSet<(string Route, string Method)>> AppRoutesAsync()
    {
        await using var host = await Functions.Tests.TestInfrastructure.FacadeHost.StartAsync(new Dictionary<string, string?>());
        var set = new HashSet<(string, string)>();
        foreach (var route in host.Services.GetRequiredService<FacadeRoutes>().All)
        {
            if (route.Template == "/") continue;
            set.Add((Normalize(route.Template), route.Method));
        }
        return set;
    }

    [Fact]
    public async Task EveryFunctionRoute_IsServedByTheApp_AndEveryAppRouteHasAFunction()
    {
        var functions = FunctionRoutes();
        var app = await AppRoutesAsync();

        Assert.NotEmpty(functions);
        Assert.Empty(functions.Except(app));
        Assert.Empty(app.Except(functions));
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
