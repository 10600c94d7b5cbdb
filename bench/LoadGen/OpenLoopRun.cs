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
/// that are not sent and count as failed, so an overloaded proxy cannot exhaust descriptors. A 503 is timed
/// too (a refusal should be immediate) and checked for <c>Retry-After</c>.
/// </summary>
public sealed class OpenLoopRun(ChatTarget target, int rate, double seconds, double warmupSeconds, int maxOutstanding, IReadOnlyList<int> pids, IReadOnlyDictionary<string, int> parts)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _client = ChatTarget.CreateClient();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private int _outstanding;
    private int _refusedWithRetryAfter;

    public async Task<OpenLoopResult> RunAsync()
    {
        var body = target.Body(stream: false);
        if (warmupSeconds > 0) await PaceAsync(body, (int)(rate * warmupSeconds), null);
        _errors.Clear();
        _refusedWithRetryAfter = 0;
        var count = (int)(rate * seconds);
        var latencies = new long[count];
        var refusals = new long[count];
        var answers = new long[count];
        var cpu = CpuMeter.Start(pids, parts);
        var start = Stopwatch.GetTimestamp();
        var late = await PaceAsync(body, count, new Timings(latencies, refusals, answers));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (cpuSeconds, byProcess) = (cpu.TotalSeconds(), cpu.PartSeconds());
        var ok = latencies.Where(l => l > 0).Select(Percentiles.Ms).ToList();
        var refused = refusals.Where(l => l > 0).Select(Percentiles.Ms).ToList();
        var failed = count - ok.Count;
        return new OpenLoopResult(target.Name, rate, Math.Round(elapsed, 3), count, ok.Count, failed,
            Math.Round(ok.Count / elapsed, 1), late, Percentiles.FromMilliseconds(ok),
            cpuSeconds, Math.Round(cpuSeconds * 1000 / count, 4), new Dictionary<string, int>(_errors),
            refused.Count, _refusedWithRetryAfter, Percentiles.FromMilliseconds(refused),
            answers.Any(a => a > 0) ? Math.Round(Percentiles.Ms(answers.Max()), 4) : double.NaN, byProcess);
    }

    /// <summary>Where one run keeps its send-to-last-byte times: 200s, 503s, and every answer.</summary>
    private sealed record Timings(long[] Ok, long[] Refused, long[] Answers);

    private async Task<int> PaceAsync(byte[] body, int count, Timings? timings)
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
                tasks[i] = SendOneAsync(body, i, timings);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "pacer" };
        pacer.Start();
        await Task.Run(pacer.Join);
        await Task.WhenAll(tasks);
        return late;
    }

    private async Task SendOneAsync(byte[] body, int index, Timings? timings)
    {
        using var cts = new CancellationTokenSource(RequestTimeout);
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            using var request = target.Request(body);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            await stream.CopyToAsync(Stream.Null, cts.Token).ConfigureAwait(false);
            var took = Math.Max(1, Stopwatch.GetTimestamp() - t0);
            if (timings is not null) timings.Answers[index] = took;
            if ((int)response.StatusCode != 200)
            {
                Count("status " + (int)response.StatusCode);
                if ((int)response.StatusCode == 503 && timings is not null)
                {
                    timings.Refused[index] = took;
                    if (response.Headers.RetryAfter is not null) Interlocked.Increment(ref _refusedWithRetryAfter);
                }
                return;
            }
            if (timings is not null) timings.Ok[index] = took;
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
