namespace Functions.Core.Secrets;

public sealed partial class CachingSecretStore : ISecretStoreHealth
{
    private readonly Lock _statusLock = new();
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailure;
    private string? _lastError;
    private DateTimeOffset? _outageSince;
    private bool _outageIsTransient;

    /// <inheritdoc />
    public SecretStoreStatus Status
    {
        get
        {
            lock (_statusLock)
            {
                var state = _outageSince is null
                    ? _lastSuccess is null ? SecretStoreState.Unknown : SecretStoreState.Ready
                    : _outageIsTransient ? SecretStoreState.Degraded : SecretStoreState.Unavailable;
                return new SecretStoreStatus(state, _lastSuccess, _lastFailure, _lastError, _outageSince);
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="names"/> (the secrets the configured providers use) through the cache, all at once (so a
    /// readiness probe also warms it), and reports <see cref="SecretStoreState.Unavailable"/> when any of them cannot
    /// be served.
    /// </summary>
    public async Task<SecretStoreStatus> CheckAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var reads = names.Distinct(StringComparer.Ordinal).Select(async name =>
        {
            try
            {
                await GetAsync(name, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Already recorded (and logged once per outage) by the read that failed.
                return false;
            }
        });
        var failed = (await Task.WhenAll(reads).ConfigureAwait(false)).Contains(false);

        var status = Status;
        return failed ? status with { State = SecretStoreState.Unavailable } : status;
    }

    private void RecordSuccess(DateTimeOffset now)
    {
        TimeSpan? outage = null;
        lock (_statusLock)
        {
            _lastSuccess = now;
            if (_outageSince is { } since)
            {
                outage = now - since;
                _outageSince = null;
            }
        }

        if (outage is { } duration)
        {
            _logger.SecretStoreRecovered(duration);
        }
    }

    private void RecordFailure(DateTimeOffset now, Exception exception)
    {
        var isTransient = exception is SecretStoreException { IsTransient: true };
        // Only messages built by the store itself are reported: they name the secret and the cause, never a
        // value or a URL. Anything else is reported by its type.
        var error = exception is SecretStoreException ? exception.Message : exception.GetType().Name;
        bool isNewOutage;
        lock (_statusLock)
        {
            _lastFailure = now;
            _lastError = error;
            isNewOutage = _outageSince is null || _outageIsTransient != isTransient;
            _outageSince ??= now;
            _outageIsTransient = isTransient;
        }

        if (!isNewOutage)
        {
            return;
        }

        if (isTransient)
        {
            _logger.SecretStoreUnavailable(error, _options.MaxStale, _options.OutageRetryInterval);
        }
        else
        {
            _logger.SecretStoreRefused(error);
        }
    }
}
