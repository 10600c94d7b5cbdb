using Functions.Core.Http;
using Functions.Tests.Infra;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Functions.Tests.Hosting;

/// <summary>
/// The isolated worker declares one anonymous HTTP function per public route, with the route's method, and a
/// catch-all for the rest: functions.metadata (written by the Worker Sdk at build) and the route table agree.
/// </summary>
public sealed class FunctionRoutesTests
{
    private static List<(string Name, string Route, string Methods, string AuthLevel)> Functions() =>
        FunctionMetadata.Read(Path.Combine(Path.GetDirectoryName(WorkerRig.WorkerPath)!, "functions.metadata"));

    [Fact]
    public async Task EveryPublicRoute_HasAFunctionWithItsNameRouteAndMethod()
    {
        await using var host = await FacadeHost.StartAsync(new Dictionary<string, string?>());
        var routes = host.Services.GetRequiredService<FacadeRoutes>().All.Where(r => r.Template != "/")
            .Select(r => (r.Name, r.Template.TrimStart('/'), r.Method.ToUpperInvariant(), "Anonymous")).OrderBy(r => r.Name, StringComparer.Ordinal);

        Assert.Equal(routes, Functions().Where(f => f.Route != "{*path}"));
    }

    [Fact]
    public void EveryOtherPathAndMethod_ReachesTheFacadeThroughACatchAll()
    {
        var other = Assert.Single(Functions(), f => f.Route == "{*path}");

        Assert.Equal("GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS", other.Methods);
        Assert.Equal("Anonymous", other.AuthLevel);
    }

    [Fact]
    public void NoFunction_UsesAPathTheHostServesItself()
    {
        string[] reserved = ["admin", "runtime", ".auth"];

        Assert.DoesNotContain(Functions(), f => reserved.Any(r => f.Route.StartsWith(r, StringComparison.OrdinalIgnoreCase)));
    }
}
