using System.Text.Json;

namespace Functions.Tests.Infra;

/// <summary>The workbook the Bicep deploys reads metrics the facade emits, under the names it emits them.</summary>
public sealed class DashboardTests
{
    private static List<string> Queries()
    {
        using var workbook = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("infra", "dashboard", "llm-facade.workbook.json")));
        return [.. workbook.RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("type").GetInt32() == 3)
            .Select(i => i.GetProperty("content").GetProperty("query").GetString()!)];
    }

    [Fact]
    public void TheWorkbook_ChartsTokensByCallerAndModel_ErrorsTimeToFirstTokenAndAuditHealth()
    {
        var queries = Queries();

        Assert.Contains(queries, q => q.Contains("\"gen_ai.client.token.usage\"", StringComparison.Ordinal) && q.Contains("\"caller\"", StringComparison.Ordinal) && q.Contains("\"gen_ai.request.model\"", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("\"llm_facade.requests\"", StringComparison.Ordinal) && q.Contains("\"error.type\"", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("\"gen_ai.server.time_to_first_token\"", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("llm_facade.audit.", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryMetricTheWorkbookNames_IsOneTheFacadeEmits()
    {
        var source = string.Join("\n", Directory.EnumerateFiles(RepositoryRoot.Combine("src", "Functions.Core"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var named = Queries().SelectMany(q => System.Text.RegularExpressions.Regex.Matches(q, "name == \"([^\"]+)\"").Select(m => m.Groups[1].Value)).Distinct().ToList();

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.Contains($"\"{name}\"", source, StringComparison.Ordinal));
    }

    [Fact]
    public void TheBicep_DeploysTheWorkbookOnTheApplicationInsightsComponent()
    {
        var module = File.ReadAllText(RepositoryRoot.Combine("infra", "modules", "dashboard.bicep"));
        var main = File.ReadAllText(RepositoryRoot.Combine("infra", "main.bicep"));

        Assert.Contains("loadTextContent('../dashboard/llm-facade.workbook.json')", module, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Insights/workbooks@", module, StringComparison.Ordinal);
        Assert.Contains("appInsightsId: monitoring.outputs.appInsightsId", main, StringComparison.Ordinal);
    }
}
