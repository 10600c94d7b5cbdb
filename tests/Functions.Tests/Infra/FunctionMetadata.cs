using System.Text.Json;

namespace Functions.Tests.Infra;

/// <summary>The HTTP functions a functions.metadata file declares: name, route, methods (upper case), auth level.</summary>
internal static class FunctionMetadata
{
    public static List<(string Name, string Route, string Methods, string AuthLevel)> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger")))
            .Select(f => (f.Name, f.Trigger.GetProperty("route").GetString()!,
                string.Join(",", f.Trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant())),
                f.Trigger.GetProperty("authLevel").GetString()!))
            .OrderBy(f => f.Name, StringComparer.Ordinal)];
    }
}
