using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Options;

namespace Functions.Tests.Providers.MindIE;

/// <summary>Bad MindIE settings stop start-up with a message naming the setting, never its content.</summary>
public sealed class MindIEConfigurationTests
{
    [Theory]
    [InlineData("/nonexistent/mindie-ca.pem")]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90LWEtY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----")]
    public async Task CaCertificateThatCannotBeRead_StopsStartUpNamingTheSetting(string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => FacadeHost.StartAsync(new Dictionary<string, string?>
        {
            ["Providers:MindIE:CaCertificate"] = value,
        }));

        Assert.StartsWith("Providers:MindIE:CaCertificate", Assert.Single(error.Failures));
        Assert.DoesNotContain("bm90LWEtY2VydGlmaWNhdGU", error.Message);
    }

    [Fact]
    public async Task BaseUrlThatIsNotHttp_StopsStartUpNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => FacadeHost.StartAsync(new Dictionary<string, string?>
        {
            ["Providers:MindIE:BaseUrl"] = "tcp://mindie:1025",
        }));

        Assert.Contains("Providers:MindIE:BaseUrl", error.Message);
    }
}
