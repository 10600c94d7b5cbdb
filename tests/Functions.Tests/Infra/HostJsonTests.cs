using System.Globalization;
using System.Text.Json;

namespace Functions.Tests.Infra;

/// <summary>The Functions host settings the facade depends on (host.json).</summary>
public sealed class HostJsonTests
{
    private static JsonElement HostJson()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("host.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void HostJson_IsForAnIsolatedWorker_NotACustomHandler()
    {
        Assert.False(HostJson().TryGetProperty("customHandler", out _), "The app runs as a .NET isolated worker; customHandler is gone.");
        Assert.Equal("2.0", HostJson().GetProperty("version").GetString());
    }

    [Fact]
    public void HostJson_HasAnEmptyRoutePrefix()
    {
        // "" keeps /v1/chat/completions instead of /api/v1/...; the worker routes each forwarded request again with it.
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
}
