using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bench.LoadGen;

/// <summary>
/// Streams back to back on a fixed number of concurrent slots for a fixed time. Per stream: time to the
/// first stamped content event (TTFT), the relay latency of every content event (the client's receive time
/// minus the upstream's stamp, one monotonic clock), and whether each event came as a read of its own.
/// A stream counts as failed unless it is a 200 with every content event and <c>[DONE]</c>.
/// </summary>
public sealed class StreamRun(ChatTarget target, int concurrency, double seconds, double warmupSeconds, int events, int bytes, int intervalMs, IReadOnlyList<int> pids, IReadOnlyDictionary<string, int> parts)
{
    private readonly HttpClient _client = ChatTarget.CreateClient();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private readonly ConcurrentBag<double> _ttft = [];
    private readonly ConcurrentBag<double> _relay = [];
    private int _streams, _ok, _stamped, _own;

    public async Task<StreamResult> RunAsync()
    {
        var body = target.Body(stream: true, $"[[bench events={events} bytes={bytes} interval={intervalMs} first=0]]");
        if (warmupSeconds > 0) await SlotsAsync(body, warmupSeconds);
        _errors.Clear(); _ttft.Clear(); _relay.Clear();
        _streams = _ok = _stamped = _own = 0;
        var cpu = CpuMeter.Start(pids, parts);
        var start = Stopwatch.GetTimestamp();
        await SlotsAsync(body, seconds);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (cpuSeconds, byProcess) = (cpu.TotalSeconds(), cpu.PartSeconds());
        return new StreamResult(target.Name, concurrency, events, bytes, intervalMs, Math.Round(elapsed, 3), _streams, _ok, _streams - _ok,
            _stamped, _own, _stamped == 0 ? 0 : Math.Round((double)_own / _stamped, 4),
            Percentiles.FromMilliseconds(_ttft.ToList()), Percentiles.FromMilliseconds(_relay.ToList()), cpuSeconds, new Dictionary<string, int>(_errors), byProcess);
    }

    private Task SlotsAsync(byte[] body, double duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline) await OneStreamAsync(body);
        })));
    }

    private async Task OneStreamAsync(byte[] body)
    {
        Interlocked.Increment(ref _streams);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30 + events * intervalMs / 1000.0));
        var scanner = new StreamReadScanner();
        var buffer = new byte[16384];
        try
        {
            using var request = target.Request(body);
            var t0 = Stopwatch.GetTimestamp();
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0) scanner.Feed(buffer.AsSpan(0, n), Stopwatch.GetTimestamp());
            if ((int)response.StatusCode != 200) { Count("status " + (int)response.StatusCode); return; }
            if (scanner.StampedEvents != events) { Count($"{scanner.StampedEvents} of {events} events"); return; }
            if (!scanner.Done) { Count("no [DONE]"); return; }
            Interlocked.Increment(ref _ok);
            _ttft.Add(Percentiles.Ms(scanner.FirstStampedAt - t0));
            foreach (var ticks in scanner.RelayTicks) _relay.Add(Percentiles.Ms(ticks));
            Interlocked.Add(ref _stamped, scanner.StampedEvents);
            Interlocked.Add(ref _own, scanner.OwnReadEvents());
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            Count(ex.GetType().Name + ": " + (ex.InnerException?.Message ?? ex.Message));
        }
    }

    private void Count(string error) => _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
}
