using Functions.Hosting;
using Microsoft.Extensions.Configuration;

namespace Functions.Tests.Hosting;

public sealed class ListenAddressTests
{
    private static IConfiguration Config(string? urls) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();

    [Fact]
    public void ExplicitUrls_AreLeftToKestrel() => Assert.Null(ListenAddress.Resolve(Config("http://127.0.0.1:9000")));

    [Fact]
    public void Nothing_DefaultsTo7071() => Assert.Equal("http://127.0.0.1:7071", ListenAddress.Resolve(Config(null)));
}
