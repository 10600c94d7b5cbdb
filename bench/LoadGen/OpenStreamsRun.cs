using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bench.LoadGen;

/// <summary>
/// Opens streams that the upstream holds open after their first content event, up to each level in turn
/// (1k, then 5k, then 10k open at once), and reads the proxy's VmRSS once every stream of the level has had
/// its first event and the process has settled. All streams are cancelled at the end.
/// </summary>
public sealed class OpenStreamsRun(ChatTarget target, IReadOnlyList<int> levels, int openParallel, double settleSeconds, IReadOnlyList<int> pids)
{
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(120);
    private readonly HttpClient _client = ChatTarget.CreateClient();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private readonly CancellationTokenSource _end = new();
    private readonly List<Task> _streams = [];
    private int _open, _failed;

    public async Task<OpenStreamsResult> RunAsync()
    {
        // Warm the path with short streams, then let the process settle before the baseline.
        var warm = target.Body(stream: true, "[[bench events=3 bytes=64 interval=1 first=0]]");
        for (var i = 0; i < 50; i++)
        {
            using var request = target.Request(warm);
            using var response = await _client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
        var baseline = ProcessTree.RssKb(pids);
        var held = target.Body(stream: true, "[[bench events=2 bytes=64 interval=600000 first=0]]");
        var gate = new SemaphoreSlim(openParallel);
        var result = new List<OpenStreamsLevel>();
        foreach (var level in levels)
        {
            var start = Stopwatch.GetTimestamp();
            while (_streams.Count < level)
            {
                await gate.WaitAsync();
                _streams.Add(HoldAsync(held, gate));
            }
            var deadline = Stopwatch.GetTimestamp() + (long)(OpenTimeout.TotalSeconds * Stopwatch.Frequency);
            while (Volatile.Read(ref _open) + Volatile.Read(ref _failed) < level && Stopwatch.GetTimestamp() < deadline) await Task.Delay(50);
            var openSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
            var rss = ProcessTree.RssKb(pids);
            var open = Volatile.Read(ref _open);
            result.Add(new OpenStreamsLevel(level, open, Volatile.Read(ref _failed), rss,
                open == 0 ? 0 : Math.Round((rss - baseline) / (double)open, 2), open == 0 ? 0 : Math.Round(rss / (double)open, 2), Math.Round(openSeconds, 2)));
            Console.Error.WriteLine($"{target.Name}: {open} open, {_failed} failed, RSS {rss} KiB (baseline {baseline} KiB)");
        }
        await _end.CancelAsync();
        await Task.WhenAll(_streams);
        return new OpenStreamsResult(target.Name, baseline, result, new Dictionary<string, int>(_errors));
    }

    private async Task HoldAsync(byte[] body, SemaphoreSlim gate)
    {
        var released = false;
        var counted = false;
        try
        {
            using var opening = CancellationTokenSource.CreateLinkedTokenSource(_end.Token);
            opening.CancelAfter(OpenTimeout);
            using var request = target.Request(body);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opening.Token);
            if ((int)response.StatusCode != 200) throw new HttpRequestException("status " + (int)response.StatusCode);
            await using var stream = await response.Content.ReadAsStreamAsync(opening.Token);
            var scanner = new StreamReadScanner();
            var buffer = new byte[4096];
            while (scanner.StampedEvents == 0)
            {
                var n = await stream.ReadAsync(buffer, opening.Token);
                if (n == 0) throw new IOException("stream ended before its first event");
                scanner.Feed(buffer.AsSpan(0, n), Stopwatch.GetTimestamp());
            }
            Interlocked.Increment(ref _open);
            counted = true;
            gate.Release();
            released = true;
            // Hold it: the upstream sends nothing more for ten minutes; end when the run ends.
            while (await stream.ReadAsync(buffer, _end.Token) > 0) { }
            throw new IOException("the stream ended while held open");
        }
        catch (OperationCanceledException) when (_end.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            if (counted) Interlocked.Decrement(ref _open);
            Interlocked.Increment(ref _failed);
            _errors.AddOrUpdate(ex.GetType().Name + ": " + (ex.InnerException?.Message ?? ex.Message), 1, (_, n) => n + 1);
        }
        finally
        {
            if (!released) gate.Release();
        }
    }
}
