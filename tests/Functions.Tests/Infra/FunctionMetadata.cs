using System.Text.Json;

namespace Functions.Tests.Infra;

/// <summary>The functions a functions.metadata file declares: the HTTP ones (name, route, methods in upper case, auth level) and the timer ones (name, schedule).</summary>
internal static class FunctionMetadata
{
    public static List<(string Name, string Route, string Methods, string AuthLevel)> Read(string path) =>
        [.. Triggers(path, "httpTrigger")
            .Select(f => (f.Name, f.Trigger.GetProperty("route").GetString()!,
                string.Join(",", f.Trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant())),
                f.Trigger.GetProperty("authLevel").GetString()!))];

    public static List<(string Name, string Schedule)> ReadTimers(string path) =>
        [.. Triggers(path, "timerTrigger").Select(f => (f.Name, f.Trigger.GetProperty("schedule").GetString()!))];

    /// <summary>Each function whose trigger binding is of <paramref name="type"/>, by name.</summary>
    private static List<(string Name, JsonElement Trigger)> Triggers(string path, string type)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Triggers: f.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).ToList()))
            .Select(f => (f.Name, Trigger: Assert.Single(f.Triggers)))
            .Where(f => f.Trigger.GetProperty("type").GetString() == type)
            .Select(f => (f.Name, f.Trigger.Clone()))
            .OrderBy(f => f.Name, StringComparer.Ordinal)];
    }
}
