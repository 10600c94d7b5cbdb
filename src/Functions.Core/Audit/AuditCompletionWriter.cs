using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Functions.Core.Audit;

/// <summary>
/// Writes completion records off the response path: the client gets its answer without waiting for the
/// table, the write outlives the client's request (it never uses <c>RequestAborted</c>), and shutdown waits
/// for the writes still under way. The store retries and logs a final failure with the request id.
/// </summary>
public sealed class AuditCompletionWriter(IAuditStore store) : IHostedService
{
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts writing <paramref name="completion"/>; returns at once.</summary>
    public void Write(AuditCompletion completion)
    {
        var task = store.CompleteAsync(completion, _stopping.Token);
        if (task.IsCompleted) return;
        _pending.TryAdd(task, 0);
        _ = task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
            _pending, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when every write started so far has ended.</summary>
    public Task DrainAsync() => Task.WhenAll(_pending.Keys);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DrainAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host will not wait longer: tell the store's retries to stop.
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }
}
