using Azure.Data.Tables;
using Functions.Core.Audit;

namespace Functions.Tests.Audit;

/// <summary>The audit tool names the store it reads (account, endpoint, or the local emulator), never a key or a SAS.</summary>
public sealed class AuditStoreNameTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void TheDevelopmentStorage_IsTheLocalEmulator() =>
        Assert.Equal("table AuditLog in the local emulator (account devstoreaccount1 at 127.0.0.1:10002/devstoreaccount1)",
            AuditStoreName.Describe(new TableServiceClient("UseDevelopmentStorage=true"), "AuditLog"));

    [Fact]
    public void AnEmulatorOnAnotherPort_IsNamedWithItsPort_AndNotItsKey()
    {
        var name = AuditStoreName.Describe(new TableServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10012/devstoreaccount1;"), "AuditLog");

        Assert.Equal("table AuditLog in the local emulator (account devstoreaccount1 at 127.0.0.1:10012/devstoreaccount1)", name);
    }

    [Fact]
    public void AnAccountReachedWithASas_IsNamedByAccountAndEndpoint_WithoutTheSas()
    {
        var name = AuditStoreName.Describe(new TableServiceClient(
            "TableEndpoint=https://contoso.table.core.windows.net/;SharedAccessSignature=sv=2019-02-02&ss=t&srt=sco&sp=rl&se=2030-01-01&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D"), "AuditLog");

        Assert.Equal("table AuditLog in account contoso at contoso.table.core.windows.net", name);
    }

    [Fact]
    public void AnEndpointGivenWithASasInItsQuery_IsNamedWithoutIt()
    {
        var name = AuditStoreName.Describe(new TableServiceClient(new Uri("https://contoso.table.core.windows.net/?sv=2019-02-02&sig=c2VjcmV0")), "AuditLog");

        Assert.DoesNotContain("sig", name);
        Assert.DoesNotContain("?", name);
        Assert.Contains("contoso.table.core.windows.net", name);
    }
}
