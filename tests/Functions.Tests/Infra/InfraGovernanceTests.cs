using System.Text.RegularExpressions;

namespace Functions.Tests.Infra;

/// <summary>
/// What an operator needs beyond the endpoint, checked in the templates without the Bicep compiler (issue 22 item 7):
/// callers' allowlists and Entra apps from parameters, reviewers who may read the audit table and nothing else,
/// alerts on audit_unavailable and on readiness, and a deployment guide that matches.
/// </summary>
public sealed partial class InfraGovernanceTests
{
    private const string StorageTableDataReader = "76199698-9eea-4c19-bc75-cec21354c6b6";

    private static string Read(params string[] parts) => File.ReadAllText(RepositoryRoot.Combine(parts));

    /// <summary>The body of <c>resource NAME '...' = ... { ... }</c>, up to the closing brace at the start of a line.</summary>
    private static string Resource(string bicep, string name)
    {
        var match = Regex.Match(bicep, $@"^resource {name} '(?<type>[^']+)'[^\n]*\{{\n(?<body>.*?)^\}}", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(match.Success, $"resource {name} not found");
        return match.Groups["type"].Value + "\n" + match.Groups["body"].Value;
    }

    [Fact]
    public void CallersAllowlistsAndEntraApps_ComeFromParametersIntoAppSettings()
    {
        var main = Read("infra", "main.bicep");

        Assert.Matches(@"map\(callers\[i\]\.\?models \?\? \[\], \(model, m\) => \{ name: 'Callers__\$\{i\}__Models__\$\{m\}', value: model \}\)", main);
        Assert.Matches(@"map\(entraApps\[i\]\.\?models \?\? \[\], \(model, m\) => \{ name: 'Auth__Entra__Apps__\$\{i\}__Models__\$\{m\}', value: model \}\)", main);
        Assert.Matches(@"models: string\[\]\?", main);
        Assert.Matches(@"appSettings: concat\([^)]*callerSettings[^)]*entraAppSettings\)", main);
        // The example parameters show both, so an operator sees the shape without reading the template.
        var example = Read("infra", "main.bicepparam");
        Assert.Matches(@"param callers = \[\s*\{[^\]]*models: \[", example);
        Assert.Contains("param entraApps = [", example, StringComparison.Ordinal);
    }

    [Fact]
    public void Reviewers_GetTableDataReaderOnTheAuditTableAlone()
    {
        var rbac = Read("infra", "modules", "rbac.bicep");
        var main = Read("infra", "main.bicep");

        Assert.Contains($"storageTableDataReader: '{StorageTableDataReader}'", rbac, StringComparison.Ordinal);
        var table = Resource(rbac, "auditTable");
        Assert.StartsWith("Microsoft.Storage/storageAccounts/tableServices/tables@", table, StringComparison.Ordinal);
        Assert.Contains("name: auditTableName", table, StringComparison.Ordinal);
        var assignment = Resource(rbac, "reviewersAuditReader");
        Assert.Contains("scope: auditTable\n", assignment, StringComparison.Ordinal);
        Assert.Contains("roles.storageTableDataReader", assignment, StringComparison.Ordinal);
        Assert.Contains("principalId: reviewersPrincipalId", assignment, StringComparison.Ordinal);
        // The reader role is assigned once, and never on the account (host storage and the package live there too).
        Assert.Single(Regex.Matches(rbac, @"roleDefinitionId: [^\n]*roles\.storageTableDataReader\)"));
        Assert.Contains("auditTableName: auditTableName", main, StringComparison.Ordinal);
        Assert.Contains("reviewersPrincipalId: reviewersPrincipalId", main, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_OnAuditUnavailableAndOnReadiness_NotifyTheActionGroup()
    {
        var alerts = Read("infra", "modules", "alerts.bicep");
        var main = Read("infra", "main.bicep");

        var auditRule = Resource(alerts, "auditUnavailable");
        Assert.StartsWith("Microsoft.Insights/scheduledQueryRules@", auditRule, StringComparison.Ordinal);
        Assert.Contains("name == \"llm_facade.requests\"", auditRule, StringComparison.Ordinal);
        Assert.Contains("tostring(customDimensions[\"error.type\"]) == \"audit_unavailable\"", auditRule, StringComparison.Ordinal);
        Assert.Contains("actionGroups: actions", auditRule, StringComparison.Ordinal);

        var test = Resource(alerts, "readinessTest");
        Assert.StartsWith("Microsoft.Insights/webtests@", test, StringComparison.Ordinal);
        Assert.Contains("RequestUrl: 'https://${facadeHostName}/health/ready'", test, StringComparison.Ordinal);
        var readinessRule = Resource(alerts, "readinessFailed");
        Assert.StartsWith("Microsoft.Insights/metricAlerts@", readinessRule, StringComparison.Ordinal);
        Assert.Contains("webTestId: readinessTest.id", readinessRule, StringComparison.Ordinal);
        Assert.Contains("actionGroupId: group", readinessRule, StringComparison.Ordinal);

        Assert.Contains("module alerts 'modules/alerts.bicep'", main, StringComparison.Ordinal);
        Assert.Contains("actionGroupId: actionGroupId", main, StringComparison.Ordinal);
        Assert.Contains("facadeHostName: functionApp.outputs.defaultHostName", main, StringComparison.Ordinal);
    }

    [Fact]
    public void AuditScheduleAndRetention_ComeFromParameters_AndTheVerifyAlertWatchesItsProblems()
    {
        var main = Read("infra", "main.bicep");
        var alerts = Read("infra", "modules", "alerts.bicep");

        Assert.Contains("param auditScheduleVerify bool = true", main, StringComparison.Ordinal);
        Assert.Contains("param auditRetentionDays int = 0", main, StringComparison.Ordinal);
        Assert.Contains("{ name: 'Audit__Schedule__Verify', value: auditScheduleVerify ? 'true' : 'false' }", main, StringComparison.Ordinal);
        // No retention, no purge: the purge is switched on with the retention, never without it.
        Assert.Matches(@"auditRetentionDays == 0\s*\?\s*\[\]\s*:\s*\[\s*\{ name: 'Audit__RetentionDays', value: string\(auditRetentionDays\) \}\s*\{ name: 'Audit__Schedule__Purge', value: 'true' \}", main);
        Assert.Matches(@"appSettings: concat\([^)]*auditScheduleSettings[^)]*\)", main);
        Assert.Contains("auditVerifyScheduled: auditScheduleVerify", main, StringComparison.Ordinal);
        Assert.Contains("param auditRetentionDays = ", Read("infra", "main.bicepparam"), StringComparison.Ordinal);

        var rule = Resource(alerts, "auditVerifyProblems");
        Assert.StartsWith("Microsoft.Insights/scheduledQueryRules@", rule, StringComparison.Ordinal);
        Assert.Contains("name == \"llm_facade.audit.verify.problems\"", rule, StringComparison.Ordinal);
        Assert.Contains("name == \"llm_facade.audit.verify.runs\" and tostring(customDimensions[\"result\"]) == \"failed\"", rule, StringComparison.Ordinal);
        Assert.Contains("operator: 'GreaterThan'\n          threshold: 0\n", rule, StringComparison.Ordinal);
        Assert.Contains("enabled: auditVerifyScheduled", rule, StringComparison.Ordinal);
        Assert.Contains("actionGroups: actions", rule, StringComparison.Ordinal);
    }

    [Fact]
    public void TheNamesTheAlertsWatch_AreOnesTheFacadeUses()
    {
        var source = string.Join("\n", Directory.EnumerateFiles(RepositoryRoot.Combine("src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));

        Assert.Contains("\"llm_facade.requests\"", source, StringComparison.Ordinal);
        Assert.Contains("ErrorType = \"error.type\"", source, StringComparison.Ordinal);
        Assert.Contains("new(\"audit_unavailable\")", source, StringComparison.Ordinal);
        Assert.Contains("Route = \"health/ready\"", source, StringComparison.Ordinal);
        Assert.Contains("\"llm_facade.audit.verify.problems\"", source, StringComparison.Ordinal);
        Assert.Contains("\"llm_facade.audit.verify.runs\"", source, StringComparison.Ordinal);
        Assert.Contains("{ \"result\", \"failed\" }", source, StringComparison.Ordinal);
    }

    [Fact]
    public void DeployGuide_MatchesTheTemplates_AndCoversRotationAndReviewers()
    {
        var guide = Read("docs", "deploy.md");
        var connection = Read("src", "AuditCli", "AuditConnectionOptions.cs");

        // The runtime is dotnet-isolated; nothing is a custom handler any more.
        Assert.DoesNotContain("custom-handler", guide, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("`custom`", guide, StringComparison.Ordinal);
        Assert.Contains("Rotating the seal key", guide, StringComparison.Ordinal);
        Assert.Contains("Rotating a caller's key", guide, StringComparison.Ordinal);
        Assert.Contains("previousKeySha256", guide, StringComparison.Ordinal);
        Assert.Contains("reviewersPrincipalId", guide, StringComparison.Ordinal);
        Assert.Contains("actionGroupId", guide, StringComparison.Ordinal);
        Assert.Contains("Storage Table Data Reader", guide, StringComparison.Ordinal);
        // The reviewer's command uses options the audit tool really has.
        foreach (var option in new[] { "--table-service-uri", "--table-name" })
        {
            Assert.Contains(option, guide, StringComparison.Ordinal);
            Assert.Contains($"new(\"{option}\")", connection, StringComparison.Ordinal);
        }
    }
}
