using Functions.Core.Errors;
using Functions.Core.Providers.Baidu;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Functions.Tests.Providers.Baidu;

/// <summary>The token cache on a manual clock: single flight, expiry margin, background refresh, invalidation, failures.</summary>
public sealed class BaiduTokenCacheTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeSource _source;
    private readonly BaiduTokenCache _cache;

    public BaiduTokenCacheTests()
    {
        _source = new FakeSource(_time);
        // Margin 5 min; refresh ahead 1 h: stale at 30 d - 5 min, refresh from 30 d - 65 min.
        _cache = new BaiduTokenCache(_source, Options.Create(new BaiduOptions()), _time, NullLogger<BaiduTokenCache>.Instance);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task ThousandConcurrentColdCallers_ShareOneFetch()
    {
        _source.Gate = new TaskCompletionSource();
        var callers = Enumerable.Range(0, 1000).Select(_ => _cache.GetAsync(CancellationToken.None).AsTask()).ToList();

        _source.Gate.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, _source.Calls);
        Assert.All(tokens, t => Assert.Equal("token-1", t));
    }

    [Fact]
    public async Task Token_IsReusedUntilTheRefreshWindow()
    {
        await _cache.GetAsync(CancellationToken.None);

        _time.Advance(Lifetime - TimeSpan.FromMinutes(66));
        var token = await _cache.GetAsync(CancellationToken.None);

        Assert.Equal("token-1", token);
        Assert.Equal(1, _source.Calls);
    }

    [Fact]
    public async Task InTheRefreshWindow_TheOldTokenIsServedWhileOneBackgroundRefreshRuns()
    {
        await _cache.GetAsync(CancellationToken.None);
        _time.Advance(Lifetime - TimeSpan.FromMinutes(30));
        _source.Gate = new TaskCompletionSource();

        var during = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _cache.GetAsync(CancellationToken.None).AsTask()));
        _source.Gate.SetResult();
        await WaitUntilAsync(() => _cache.CachedUntil > _time.GetUtcNow() + TimeSpan.FromDays(29));

        Assert.All(during, t => Assert.Equal("token-1", t));
        Assert.Equal(2, _source.Calls);
        Assert.Equal("token-2", await _cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WithinTheExpiryMargin_CallersWaitForANewToken()
    {
        await _cache.GetAsync(CancellationToken.None);

        _time.Advance(Lifetime - TimeSpan.FromMinutes(4));
        var token = await _cache.GetAsync(CancellationToken.None);

        Assert.Equal("token-2", token);
        Assert.Equal(2, _source.Calls);
    }

    [Fact]
    public async Task Invalidate_DropsOnlyTheTokenThatWasRefused()
    {
        var first = await _cache.GetAsync(CancellationToken.None);
        _cache.Invalidate(first);
        var second = await _cache.GetAsync(CancellationToken.None);

        _cache.Invalidate(first);
        var third = await _cache.GetAsync(CancellationToken.None);

        Assert.Equal("token-2", second);
        Assert.Equal(second, third);
        Assert.Equal(2, _source.Calls);
    }

    [Fact]
    public async Task AfterARefusal_TheNextFetchIsToldWhichTokenWasRefused()
    {
        var first = await _cache.GetAsync(CancellationToken.None);
        _cache.Invalidate(first);
        await _cache.GetAsync(CancellationToken.None);

        Assert.Equal([null, "token-1"], _source.RejectedArguments);
    }

    [Fact]
    public async Task ARefusalDuringABackgroundRefresh_IsNotAnsweredWithTheRefusedToken()
    {
        await _cache.GetAsync(CancellationToken.None);
        _time.Advance(Lifetime - TimeSpan.FromMinutes(30));
        // A shared store hands the current token back while another instance refreshes it.
        _source.StoredValue = "token-1";
        _source.Gate = new TaskCompletionSource();
        Assert.Equal("token-1", await _cache.GetAsync(CancellationToken.None));
        await WaitUntilAsync(() => _source.Calls == 2);

        _cache.Invalidate("token-1");
        var next = _cache.GetAsync(CancellationToken.None).AsTask();
        await WaitUntilAsync(() => _source.Calls == 3);
        _source.Gate.SetResult();

        Assert.Equal("token-3", await next);
        Assert.Equal("token-3", await _cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ATokenAlreadyDueForRefresh_DoesNotStartARefreshOnEveryRequest()
    {
        _source.ObtainedAgo = Lifetime - TimeSpan.FromMinutes(30);
        await _cache.GetAsync(CancellationToken.None);
        // A refresh started now would stay pending: the cache decides whether to start one before GetAsync returns.
        _source.Gate = new TaskCompletionSource();

        await _cache.GetAsync(CancellationToken.None);
        Assert.False(_cache.FetchPending);
        Assert.Equal(1, _source.Calls);
        _source.Gate.SetResult();

        _time.Advance(TimeSpan.FromSeconds(31));
        await _cache.GetAsync(CancellationToken.None);
        await WaitUntilAsync(() => _source.Calls == 2);
    }

    [Fact]
    public async Task FailedFetch_FailsEveryWaiterAndTheNextCallTriesAgain()
    {
        _source.Failure = new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamAuthFailed, "rejected");
        _source.Gate = new TaskCompletionSource();
        var waiters = Enumerable.Range(0, 10).Select(_ => _cache.GetAsync(CancellationToken.None).AsTask()).ToList();
        _source.Gate.SetResult();

        foreach (var waiter in waiters) await Assert.ThrowsAsync<FacadeException>(() => waiter);
        Assert.Equal(1, _source.Calls);

        _source.Failure = null;
        Assert.Equal("token-2", await _cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FailedBackgroundRefresh_KeepsTheOldTokenAndWaitsBeforeTheNextAttempt()
    {
        await _cache.GetAsync(CancellationToken.None);
        _time.Advance(Lifetime - TimeSpan.FromMinutes(30));
        _source.Failure = new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamUnreachable, "down");

        Assert.Equal("token-1", await _cache.GetAsync(CancellationToken.None));
        await WaitUntilAsync(() => _source.Calls == 2 && !_source.Running && !_cache.FetchPending);
        Assert.Equal("token-1", await _cache.GetAsync(CancellationToken.None));
        Assert.False(_cache.FetchPending);
        Assert.Equal(2, _source.Calls);

        _source.Failure = null;
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("token-1", await _cache.GetAsync(CancellationToken.None));
        await WaitUntilAsync(() => _source.Calls == 3 && !_source.Running);
        Assert.Equal("token-3", await _cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ACallerThatGivesUp_DoesNotCancelTheSharedFetch()
    {
        _source.Gate = new TaskCompletionSource();
        using var impatient = new CancellationTokenSource();
        var gaveUp = _cache.GetAsync(impatient.Token).AsTask();
        var patient = _cache.GetAsync(CancellationToken.None).AsTask();

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        _source.Gate.SetResult();

        Assert.Equal("token-1", await patient);
        Assert.Equal(1, _source.Calls);
    }

    [Fact]
    public async Task ShortLivedToken_UsesProportionalMargins()
    {
        _source.Lifetime = TimeSpan.FromMinutes(8);
        await _cache.GetAsync(CancellationToken.None);

        // Margin: min(5 min, 2 min) = 2 min, so stale at 6 min.
        _time.Advance(TimeSpan.FromMinutes(6) + TimeSpan.FromSeconds(1));

        Assert.Equal("token-2", await _cache.GetAsync(CancellationToken.None));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    private sealed class FakeSource(TimeProvider time) : IBaiduTokenSource
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string?> _rejected = new();
        private int _calls;
        private int _running;

        public TaskCompletionSource? Gate { get; set; }
        public Exception? Failure { get; set; }
        public TimeSpan Lifetime { get; set; } = BaiduTokenCacheTests.Lifetime;
        public TimeSpan ObtainedAgo { get; set; }

        /// <summary>Like a shared store: this value is answered unless it is the refused one.</summary>
        public string? StoredValue { get; set; }

        public int Calls => Volatile.Read(ref _calls);
        public bool Running => Volatile.Read(ref _running) > 0;
        public IReadOnlyList<string?> RejectedArguments => [.. _rejected];

        public async Task<BaiduAccessToken> FetchAsync(string? rejectedToken, CancellationToken cancellationToken)
        {
            _rejected.Enqueue(rejectedToken);
            var n = Interlocked.Increment(ref _calls);
            Interlocked.Increment(ref _running);
            try
            {
                var obtained = time.GetUtcNow() - ObtainedAgo;
                if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
                if (Failure is { } failure) throw failure;
                var value = StoredValue is { } stored && stored != rejectedToken ? stored : $"token-{n}";
                return new BaiduAccessToken(value, obtained, Lifetime);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }
}
