using Functions.Core.Providers.Baidu.SharedToken;

namespace Functions.Tests.Providers.Baidu.SharedToken;

/// <summary>The shared token's settings: a valid table name of its own, positive times.</summary>
public sealed class BaiduSharedTokenOptionsTests
{
    private const string Section = "Providers:Baidu:SharedToken";

    [Theory]
    [InlineData("AuditLog")]
    [InlineData("auditlog")]
    [InlineData("AUDITLOG")]
    public void ATableNameThatIsTheAuditTable_IsRefused(string name)
    {
        var options = new BaiduSharedTokenOptions { TableName = name };

        var problem = Assert.Single(options.ProblemsWithAuditTable(Section, "AuditLog"));

        Assert.StartsWith(Section + ":TableName", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("AuditLogIndex")]
    public void OtherTableNames_AreNotTheAuditTable(string? name)
    {
        var options = name is null ? new BaiduSharedTokenOptions() : new BaiduSharedTokenOptions { TableName = name };

        Assert.Empty(options.ProblemsWithAuditTable(Section, "AuditLog"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("1Tokens")]
    [InlineData("Facade-Tokens")]
    [InlineData("Tables")]
    public void AnInvalidTableName_IsRefused(string name)
    {
        Assert.StartsWith(Section + ":TableName", Assert.Single(new BaiduSharedTokenOptions { TableName = name }.Problems(Section)));
    }

    [Fact]
    public void ANonPositiveTime_IsRefused()
    {
        Assert.Equal(Section + ":StoreTimeout must be positive.", Assert.Single(new BaiduSharedTokenOptions { StoreTimeout = TimeSpan.Zero }.Problems(Section)));
        Assert.Equal(Section + ":PollInterval must be positive.", Assert.Single(new BaiduSharedTokenOptions { PollInterval = TimeSpan.Zero }.Problems(Section)));
    }
}
