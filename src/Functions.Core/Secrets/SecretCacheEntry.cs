namespace Functions.Core.Secrets;

/// <summary>
/// The cached state of one secret in <see cref="CachingSecretStore"/>: the last good value (a missing secret,
/// <c>null</c>, is a good value too), when it was read, when to read it again, and the one load in flight that
/// concurrent callers share.
/// </summary>
internal sealed class SecretCacheEntry
{
    private readonly Lock _lock = new();
    private TaskCompletionSource<string?>? _load;
    private string? _value;
    private bool _hasValue;
    private DateTimeOffset _readAt;
    private DateTimeOffset _refreshAfter;

    /// <summary>The value when it is still current at <paramref name="now"/>.</summary>
    public bool TryGetCurrent(DateTimeOffset now, out string? value)
    {
        lock (_lock)
        {
            value = _value;
            return _hasValue && now < _refreshAfter;
        }
    }

    /// <summary>
    /// Joins the load in flight, or begins one when none is (then <paramref name="isOwner"/> is <c>true</c> and the
    /// caller must end it with <see cref="Complete"/>, <see cref="ServeStale"/> or <see cref="Fail"/>).
    /// </summary>
    public Task<string?> JoinOrBeginLoad(DateTimeOffset now, out bool isOwner)
    {
        lock (_lock)
        {
            isOwner = false;
            if (_hasValue && now < _refreshAfter)
            {
                // Another caller's load finished between the fast path and here.
                return Task.FromResult(_value);
            }

            if (_load is null)
            {
                _load = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
                isOwner = true;
            }

            return _load.Task;
        }
    }

    /// <summary>Stores a value just read, current until <paramref name="refreshAfter"/>, and ends the load.</summary>
    public void Complete(string? value, DateTimeOffset readAt, DateTimeOffset refreshAfter)
    {
        TaskCompletionSource<string?>? load;
        lock (_lock)
        {
            (_value, _hasValue, _readAt, _refreshAfter) = (value, true, readAt, refreshAfter);
            (load, _load) = (_load, null);
        }

        load?.SetResult(value);
    }

    /// <summary>
    /// After a transient failure: when the last good value was read no longer than <paramref name="maxStale"/>
    /// ago, serves it until <paramref name="retryAfter"/> (never past its stale limit) and ends the load with it.
    /// </summary>
    public bool ServeStale(DateTimeOffset now, TimeSpan maxStale, DateTimeOffset retryAfter, out string? value)
    {
        TaskCompletionSource<string?>? load;
        lock (_lock)
        {
            value = _value;
            var staleLimit = _readAt + maxStale;
            if (!_hasValue || now > staleLimit)
            {
                return false;
            }

            _refreshAfter = retryAfter < staleLimit ? retryAfter : staleLimit;
            (load, _load) = (_load, null);
        }

        load?.SetResult(value);
        return true;
    }

    /// <summary>
    /// Ends the load with <paramref name="exception"/>. When <paramref name="forgetValue"/> is set (access was
    /// refused), the last good value is dropped so that it is never served stale later.
    /// </summary>
    public void Fail(Exception exception, bool forgetValue)
    {
        TaskCompletionSource<string?>? load;
        lock (_lock)
        {
            if (forgetValue)
            {
                (_value, _hasValue) = (null, false);
            }

            (load, _load) = (_load, null);
        }

        load?.SetException(exception);
    }
}
