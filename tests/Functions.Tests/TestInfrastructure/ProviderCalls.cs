using Functions.Core.Chat;
using Functions.Core.Providers;

namespace Functions.Tests.TestInfrastructure;

/// <summary>Calls a provider adapter directly, as the chat path does, and collects what it answers.</summary>
internal static class ProviderCalls
{
    /// <summary>Prepares and sends <paramref name="call"/>; every update, in order.</summary>
    public static async Task<List<ChatUpdate>> RunAsync(IChatProvider provider, ChatCall call)
    {
        await using var answer = await provider.SendAsync(provider.Prepare(call), CancellationToken.None);
        var updates = new List<ChatUpdate>();
        await foreach (var update in answer.Updates) updates.Add(update);
        return updates;
    }
}
