using System.Collections.Concurrent;

namespace Functions.Core.Secrets;

/// <summary>
/// Caches another <see cref="ISecretStore"/> (Key Vault): each secret is read at most once per
/// <see cref="SecretStoreOptions.CacheTtl"/>, concurrent callers of one name share one read, and while the store is
/// unreachable or throttling the last good value is served for up to <see cref="SecretStoreOptions.MaxStale"/>.
/// Nothing is read at construction, so start-up never waits for the vault; <see cref="CheckAsync"/> reports it.
/// </summary>
public sealed partial class CachingSecretStore : ISecretStore
{
    private readonly ISecretStore _inner;
    private readonly SecretStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SecretCacheEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="time"/> decides when values expire.</summary>
    public CachingSecretStore(
        ISecretStore inner, IOptions<SecretStoreOptions> options, TimeProvider time, ILogger<CachingSecretStore> logger)
    {
        _inner = inner;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The cached value, or the inner store's when it has expired. Throws <see cref="SecretStoreException"/> when
    /// the store fails and no last good value may be served (none yet, older than MaxStale, or access refused).
    /// Cancelling stops this caller's wait, not the shared read.
    /// </summary>
    public ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var entry = _entries.GetOrAdd(name, static _ => new SecretCacheEntry());
        if (entry.TryGetCurrent(_time.GetUtcNow(), out var value))
        {
            return ValueTask.FromResult(value);
        }

        var load = entry.JoinOrBeginLoad(_time.GetUtcNow(), out var isOwner);
        if (isOwner)
        {
            // The read belongs to no single caller: it runs to its end (bounded by the SDK's own timeouts) and
            // completes the task every caller is waiting on.
            _ = LoadAsync(name, entry);
        }

        return new ValueTask<string?>(load.WaitAsync(cancellationToken));
    }

    private async Task LoadAsync(string name, SecretCacheEntry entry)
    {
        try
        {
            var value = await _inner.GetAsync(name, CancellationToken.None).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            // Health first, then the waiting callers: whatever they do next sees this read's outcome.
            RecordSuccess(now);
            entry.Complete(value, now, now + _options.CacheTtl);
        }
        catch (SecretStoreException e) when (e.IsTransient)
        {
            var now = _time.GetUtcNow();
            RecordFailure(now, e);
            if (!entry.ServeStale(now, _options.MaxStale, now + _options.OutageRetryInterval, out _))
            {
                entry.Fail(e, forgetValue: false);
            }
        }
        catch (Exception e)
        {
            RecordFailure(_time.GetUtcNow(), e);
            entry.Fail(e, forgetValue: true);
        }
    }
}
