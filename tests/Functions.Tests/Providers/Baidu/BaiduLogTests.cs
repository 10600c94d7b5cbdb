using Emulators;
using Emulators.Baidu;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using Microsoft.Extensions.Logging.Testing;

namespace Functions.Tests.Providers.Baidu;

/// <summary>Logs at every level, across token refreshes and failures, never hold an access token or a Baidu key.</summary>
public sealed class BaiduLogTests
{
    [Fact]
    public async Task Logs_AtEveryLevel_NeverContainTheAccessTokenOrTheKeys()
    {
        using var logs = new FakeLoggerProvider();
        await using var env = await BaiduEnvironment.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            configure: b => b.Logging.AddProvider(logs));
        var client = env.Facade.ChatClient(BaiduEnvironment.Model);

        await client.CompleteChatAsync([new UserChatMessage("Hi")]);
        env.Emulator.ExpireAllTokens();
        await client.CompleteChatAsync([new UserChatMessage("Hi")]);
        env.Emulator.NextScenarios.Enqueue(BaiduScenario.Error(336100));
        await foreach (var _ in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")])) { }
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b"], ResetAfterEvents = 1 });
        await foreach (var _ in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")])) { }
        env.Emulator.RefuseAllTokens = true;
        await Assert.ThrowsAnyAsync<Exception>(() => client.CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Contains(logs.Collector.GetSnapshot().Select(r => r.Message + r.Exception), l => l.Contains("/chat/" + BaiduEnvironment.Target + "?redacted"));
        Assert.Contains(logs.Collector.GetSnapshot().Select(r => r.Message + r.Exception), l => l.Contains("refused the access token"));
        BaiduTestHelpers.AssertNoSecrets(env.Emulator, string.Join("\n", logs.Collector.GetSnapshot().Select(r => r.Message + r.Exception)));
    }
}
