using System.ClientModel;
using System.Text;
using Emulators;
using Functions.Tests.TestInfrastructure;
using OpenAI.Chat;

namespace Functions.Tests.Providers.Lanrui;

/// <summary>The official OpenAI .NET client through the facade to the Lanrui emulator.</summary>
public sealed class LanruiEndToEndTests : IAsyncLifetime
{
    private LanruiEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await LanruiEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();







    [Fact]
    public async Task UpstreamRateLimit_BeforeFirstByte_IsA429WithRetryAfter()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 429 });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(429, error.Status);
        var response = error.GetRawResponse()!;
        Assert.True(response.Headers.TryGetValue("retry-after", out var retryAfter));
        Assert.Equal("7", retryAfter);
        Assert.Contains("rate_limit_exceeded", response.Content.ToString());
    }

    [Fact]
    public async Task StreamRequest_UpstreamErrorBeforeFirstByte_IsAnErrorStatus()
    {
        _env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 500 });
        var client = _env.Facade.ChatClient(LanruiEnvironment.Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")])) { }
        });

        Assert.Equal(502, error.Status);
        Assert.Contains("upstream_error", error.GetRawResponse()!.Content.ToString());
    }
}
