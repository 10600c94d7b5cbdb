using Functions.Hosting;
using Microsoft.Extensions.Configuration;

namespace Functions.Tests.Hosting;

public sealed class ListenAddressTests
{
    private static IConfiguration Config(string? urls) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();

    [Fact]
    public void FunctionsPort_BindsLoopbackOnThatPort() =>
        Assert.Equal("http://127.0.0.1:51234", ListenAddress.Resolve(Config("http://0.0.0.0:80"), n => n == "FUNCTIONS_CUSTOMHANDLER_PORT" ? "51234" : null));

    [Fact]
    public void ExplicitUrls_AreLeftToKestrel() => Assert.Null(ListenAddress.Resolve(Config("http://127.0.0.1:9000"), _ => null));

    [Fact]
    public void Nothing_DefaultsTo7071() => Assert.Equal("http://127.0.0.1:7071", ListenAddress.Resolve(Config(null), _ => null));

    [Fact]
    public void BadPort_StopsStartUpNamingTheVariable()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => ListenAddress.Resolve(Config(null), _ => "http"));
        Assert.StartsWith("FUNCTIONS_CUSTOMHANDLER_PORT", Assert.Single(error.Failures));
    }
}
