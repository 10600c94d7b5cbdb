using Functions.Core.Diagnostics;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Functions.Tests.Diagnostics;

/// <summary>Text a caller controls cannot forge or flood a log line.</summary>
public sealed class LogTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\r\nINFO forged line", "a\\u000d\\u000aINFO forged line")]
    [InlineData("tab\tand\u2028sep\u0085", "tab\\u0009and\\u2028sep\\u0085")]
    public void ControlCharacters_AreWrittenAsEscapes(string text, string expected) => Assert.Equal(expected, LogText.Safe(text));

    [Fact]
    public void LongText_IsCutSayingHowMuchWasLeftOut() =>
        Assert.Equal(new string('x', 512) + "…(+488 chars)", LogText.Safe(new string('x', 1000)));

    [Fact]
    public async Task APathWithEncodedNewlines_NeverStartsALineOfItsOwnInTheLog()
    {
        using var logs = new FakeLoggerProvider();
        await using var facade = await FacadeHost.StartAsync(new Dictionary<string, string?>(), builder => builder.Logging.AddProvider(logs).AddFilter<FakeLoggerProvider>(null, LogLevel.Information));

        // The target is read from the decoded path: "nothing\r\nINFO forged entry". (ASP.NET Core's own request lines, at
        // Information, show the path as decoded: appsettings.json keeps Microsoft.AspNetCore at Warning.)
        using var response = await facade.Http.PostAsync("baidu/chat/nothing%0D%0AINFO%20forged%20entry",
            new StringContent("""{"messages":[{"role":"user","content":"x"}]}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        var line = Assert.Single(logs.Collector.GetSnapshot(), r => r.Message.Contains("forged", StringComparison.Ordinal) && r.Category?.StartsWith("Functions", StringComparison.Ordinal) == true).Message;
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.True(line.Contains("\\u000d\\u000aINFO forged entry", StringComparison.Ordinal), line);
    }
}
