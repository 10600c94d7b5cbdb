using System.Globalization;
using System.Text.Json;

namespace Functions.Tests.Infra;

/// <summary>The Functions host settings the facade depends on (host.json and the function.json files).</summary>
public sealed class HostJsonTests
{
    private static JsonElement HostJson()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("host.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void HostJson_ProxiesRequestsToTheApp()
    {
        // Proxying (YARP in the host) streams responses; without it the host buffers them or re-wraps requests.
        var customHandler = HostJson().GetProperty("customHandler");
        Assert.True(customHandler.GetProperty("enableProxyingHttpRequest").GetBoolean());
    }

    [Fact]
    public void HostJson_StartsTheAppsOwnExecutable()
    {
        var path = HostJson().GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString();
        Assert.Equal(typeof(FacadeApp).Assembly.GetName().Name, path);
    }

    [Fact]
    public void HostJson_HasAnEmptyRoutePrefix()
    {
        // With proxying the app sees the public path; "" keeps /v1/chat/completions instead of /api/v1/...
        var prefix = HostJson().GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        Assert.Equal("", prefix);
    }

    [Fact]
    public void HostJson_FunctionTimeoutIsLongerThanTheFacadesOwnStreamLimit()
    {
        var text = HostJson().GetProperty("functionTimeout").GetString();
        Assert.False(string.IsNullOrEmpty(text), "functionTimeout must be set: the Flex default is 30 minutes.");
        if (text == "-1")
        {
            return; // unbounded
        }

        var functionTimeout = TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        foreach (var (source, limit) in StreamLimit.Defaults())
        {
            Assert.True(functionTimeout > limit, $"functionTimeout {functionTimeout} is not longer than {source} ({limit}).");
        }
    }

    public static TheoryData<string> FunctionJsonFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine("src", "Functions", "functions"), "function.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(FunctionJsonFiles))]
    public void FunctionJson_IsAnAnonymousHttpTriggerWithAnHttpOutput(string relativePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, relativePath)));
        var bindings = doc.RootElement.GetProperty("bindings").EnumerateArray().ToList();

        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("in", trigger.GetProperty("direction").GetString());
        // The app authenticates callers itself (per-caller keys or Entra ID tokens) and audits who called;
        // a function key would be a second, shared secret checked by the host before the app sees anything.
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
        var route = trigger.GetProperty("route").GetString();
        Assert.False(string.IsNullOrEmpty(route), "Each function needs an explicit route.");
        // The host serves these paths itself, before any function route.
        string[] reserved = ["admin", "runtime/webhooks", ".auth"];
        Assert.DoesNotContain(reserved, r => route.TrimStart('/').StartsWith(r, StringComparison.OrdinalIgnoreCase));

        var output = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "http");
        Assert.Equal("out", output.GetProperty("direction").GetString());
    }
}
