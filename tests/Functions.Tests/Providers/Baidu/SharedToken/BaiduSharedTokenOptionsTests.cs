using Functions.Core.Providers.Baidu.SharedToken;

namespace Functions.Tests.Providers.Baidu.SharedToken;

/// <summary>The shared token's settings: a valid table name of its own, positive times.</summary>
public sealed class BaiduSharedTokenOptionsTests
{
    private const string Section = "Providers:Baidu:SharedToken";

    [Theory]
    [InlineData("AuditLog")]
    [InlineData("auditlog")]
    [InlineData("AuditLogIndex")]
    [InlineData("AUDITLOGINDEX")]
    public void ATableNameThatIsAnAuditTable_IsRefused(string name)
    {
        var options = new BaiduSharedTokenOptions { TableName = name };

        var error = Assert.Throws<InvalidOperationException>(() => options.CheckDistinctFrom(Section, "AuditLog"));

        Assert.Contains(Section + ":TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultTableName_IsNotAnAuditTable()
    {
        new BaiduSharedTokenOptions().CheckDistinctFrom(Section, "AuditLog");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("1Tokens")]
    [InlineData("Facade-Tokens")]
    [InlineData("Tables")]
    public void AnInvalidTableName_IsRefused(string name)
    {
        Assert.Throws<InvalidOperationException>(() => new BaiduSharedTokenOptions { TableName = name }.Validate(Section));
    }

    [Fact]
    public void ANonPositiveTime_IsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => new BaiduSharedTokenOptions { StoreTimeout = TimeSpan.Zero }.Validate(Section));
        Assert.Throws<InvalidOperationException>(() => new BaiduSharedTokenOptions { PollInterval = TimeSpan.Zero }.Validate(Section));
    }
}
