using Functions.Core.Providers.Baidu;

namespace Functions.Tests.Providers.Baidu.SharedToken;

/// <summary>Stands for the OAuth endpoint: counts the tokens minted, and can hold them back or fail.</summary>
internal sealed class CountingTokenMinter : IBaiduTokenSource
{
    private int _calls;

    /// <summary>While set, a mint waits for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>While set, a mint fails with it.</summary>
    public Exception? Failure { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(30);

    public int Calls => Volatile.Read(ref _calls);

    public async Task<BaiduAccessToken> FetchAsync(string? rejectedToken, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        var obtained = TimeProvider.System.GetUtcNow();
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        if (Failure is { } failure) throw failure;
        return new BaiduAccessToken($"24.minted-{n}-{Guid.NewGuid():N}", obtained, Lifetime);
    }
}
