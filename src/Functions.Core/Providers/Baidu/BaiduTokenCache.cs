using Functions.Core.Diagnostics;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Keeps one Baidu access token for the instance. A token is used until its expiry less a margin;
/// some time before that a background refresh replaces it while requests go on with the old one. At
/// most one fetch runs at a time (single flight): a thousand concurrent requests on a cold instance wait
/// for the same fetch, and a caller that gives up does not cancel it for the others. A token Baidu
/// refuses (110/111) is dropped by <see cref="Invalidate"/>, and the next fetch tells the source which
/// token was refused, so a store shared across instances does not hand it back.
/// Time comes from <see cref="TimeProvider"/>, so expiry is tested without waiting.
/// </summary>
public sealed partial class BaiduTokenCache : IDisposable
{
    private readonly IBaiduTokenSource _source;
    private readonly BaiduOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Entry? _current;
    private Task<Entry>? _pending;
    private string? _pendingRejected;
    private string? _rejected;
    private readonly FacadeMetrics? _metrics;
    private DateTimeOffset _nextBackgroundRefresh = DateTimeOffset.MinValue;

    public BaiduTokenCache(IBaiduTokenSource source, IOptions<BaiduOptions> options, TimeProvider time, ILogger<BaiduTokenCache> logger, FacadeMetrics? metrics = null)
    {
        _source = source;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Whether a fetch is under way (decided synchronously by <see cref="GetAsync"/>, for tests and diagnostics).</summary>
    internal bool FetchPending
    {
        get
        {
            lock (_gate) return _pending is not null;
        }
    }

    /// <summary>The cached token's expiry, for diagnostics; null when none is cached.</summary>
    public DateTimeOffset? CachedUntil => _current?.StaleAt;

    /// <summary>A usable token: the cached one, or the result of the one fetch in flight.</summary>
    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        Task<Entry> fetch;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_current is { } current && now < current.StaleAt)
            {
                if (now >= current.RefreshAt && _pending is null && now >= _nextBackgroundRefresh) StartFetch(background: true);
                return current.Token.Value;
            }
            fetch = _pending ?? StartFetch(background: false);
        }
        var entry = await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        return entry.Token.Value;
    }

    /// <summary>Drops <paramref name="token"/> if it is still the cached one (Baidu answered 110/111 to it).</summary>
    public void Invalidate(string token)
    {
        lock (_gate)
        {
            if (_current?.Token.Value != token) return;
            _current = null;
            _rejected = token;
            // A background refresh that started before the refusal was not told about it, and a shared store could
            // hand the refused token back to it: the next caller starts a fetch that knows.
            if (_pendingRejected != token) _pending = null;
        }
    }

    private Task<Entry> StartFetch(bool background)
    {
        var completion = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending = completion.Task;
        _pendingRejected = _rejected;
        var rejected = _rejected;
        // Task.Run: the fetch's own bookkeeping takes the lock, which the caller still holds.
        _ = Task.Run(() => FetchAsync(completion, rejected, background));
        if (background)
        {
            // Nobody awaits a background refresh; its failure is logged in FetchAsync.
            _ = completion.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        return completion.Task;
    }

    private async Task FetchAsync(TaskCompletionSource<Entry> completion, string? rejected, bool background)
    {
        try
        {
            var token = await _source.FetchAsync(rejected, _stopping.Token).ConfigureAwait(false);
            var entry = new Entry(token, BaiduTokenSchedule.For(token, _options));
            lock (_gate)
            {
                if (_pending == completion.Task) _pending = null;
                if (token.Value != _rejected)
                {
                    _current = entry;
                    // A shared store may answer with a token that is already due for refresh (another instance is
                    // refreshing it): wait a little before asking again rather than on every request.
                    var now = _time.GetUtcNow();
                    if (now >= entry.RefreshAt) _nextBackgroundRefresh = now + _options.TokenRefreshRetryInterval;
                }
            }
            Log.TokenObtained(_logger, background, token.Lifetime.TotalSeconds);
            _metrics?.BaiduTokenFetched(background ? "refresh" : "fetch", succeeded: true);
            completion.SetResult(entry);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                if (_pending == completion.Task) _pending = null;
                _nextBackgroundRefresh = _time.GetUtcNow() + _options.TokenRefreshRetryInterval;
            }
            if (background) Log.BackgroundRefreshFailed(_logger, LogText.Safe(ex.Message));
            _metrics?.BaiduTokenFetched(background ? "refresh" : "fetch", succeeded: false);
            completion.SetException(ex);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>A cached token with its schedule.</summary>
    private sealed record Entry(BaiduAccessToken Token, BaiduTokenSchedule Schedule)
    {
        public DateTimeOffset StaleAt => Schedule.StaleAt;

        public DateTimeOffset RefreshAt => Schedule.RefreshAt;
    }

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Information, "Obtained a Baidu access token (background refresh: {Background}) valid for {LifetimeSeconds} s")]
        public static partial void TokenObtained(ILogger logger, bool background, double lifetimeSeconds);

        [LoggerMessage(3102, LogLevel.Warning, "Background refresh of the Baidu access token failed; the cached token stays in use: {Reason}")]
        public static partial void BackgroundRefreshFailed(ILogger logger, string reason);
    }
}
