using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bench.LoadGen;

/// <summary>
/// Open loop at a fixed rate (wrk2-style): requests are due at evenly spaced times and are sent when due
/// whatever is still outstanding, over as many keep-alive connections as that takes. A pacer thread wakes
/// about every millisecond and sends what is due, so at 2,000 RPS requests leave in pairs, not in the
/// bursts of one per worker that hey's per-worker ticker makes. Latency runs from the actual send to the
/// last byte of the body; sends more than 5 ms behind schedule are counted as late. A target that falls
/// behind gets at most <c>maxOutstanding</c> requests in flight (each a connection): requests due beyond
/// that are not sent and count as failed, so an overloaded proxy cannot exhaust descriptors.
/// </summary>
public sealed class OpenLoopRun(ChatTarget target, int rate, double seconds, double warmupSeconds, int maxOutstanding, IReadOnlyList<int> pids)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _client = ChatTarget.CreateClient();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private int _outstanding;

    public async Task<OpenLoopResult> RunAsync()
    {
        var body = target.Body(stream: false);
        if (warmupSeconds > 0) await PaceAsync(body, (int)(rate * warmupSeconds), null);
        _errors.Clear();
        var count = (int)(rate * seconds);
        var latencies = new long[count];
        var cpu0 = ProcessTree.CpuSeconds(pids);
        var start = Stopwatch.GetTimestamp();
        var late = await PaceAsync(body, count, latencies);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpu = ProcessTree.CpuSeconds(pids) - cpu0;
        var ok = latencies.Where(l => l > 0).Select(Percentiles.Ms).ToList();
        var failed = count - ok.Count;
        return new OpenLoopResult(target.Name, rate, Math.Round(elapsed, 3), count, ok.Count, failed,
            Math.Round(ok.Count / elapsed, 1), late, Percentiles.FromMilliseconds(ok),
            Math.Round(cpu, 3), Math.Round(cpu * 1000 / count, 4), new Dictionary<string, int>(_errors));
    }

    private async Task<int> PaceAsync(byte[] body, int count, long[]? latencies)
    {
        var tasks = new Task[count];
        var late = 0;
        var interval = (double)Stopwatch.Frequency / rate;
        var lateTicks = Stopwatch.Frequency / 200;
        var start = Stopwatch.GetTimestamp();
        var pacer = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                var now = Stopwatch.GetTimestamp();
                while (now < due)
                {
                    Thread.Sleep(1);
                    now = Stopwatch.GetTimestamp();
                }
                if (now - due > lateTicks) late++;
                if (Volatile.Read(ref _outstanding) >= maxOutstanding)
                {
                    Count($"not sent: {maxOutstanding} requests already outstanding");
                    tasks[i] = Task.CompletedTask;
                    continue;
                }
                Interlocked.Increment(ref _outstanding);
                tasks[i] = SendOneAsync(body, i, latencies);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "pacer" };
        pacer.Start();
        await Task.Run(pacer.Join);
        await Task.WhenAll(tasks);
        return late;
    }

    private async Task SendOneAsync(byte[] body, int index, long[]? latencies)
    {
        using var cts = new CancellationTokenSource(RequestTimeout);
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            using var request = target.Request(body);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            await stream.CopyToAsync(Stream.Null, cts.Token).ConfigureAwait(false);
            if ((int)response.StatusCode != 200)
            {
                Count("status " + (int)response.StatusCode);
                return;
            }
            if (latencies is not null) latencies[index] = Math.Max(1, Stopwatch.GetTimestamp() - t0);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Count($"no answer within {RequestTimeout.TotalSeconds:F0} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            Count(ex.GetType().Name + ": " + (ex.InnerException?.Message ?? ex.Message));
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
        }
    }

    private void Count(string error) => _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
}
