using System.Diagnostics;

namespace Bench.LoadGen;

/// <summary>
/// Starts the command after <c>--</c> (with this process's environment), POSTs a chat completion every
/// millisecond until one answers 200, and records the time from <see cref="Process.Start()"/> to that
/// answer; then kills the process tree and waits until the port refuses connections again.
/// </summary>
public sealed class ColdStartRun(ChatTarget target, IReadOnlyList<string> command, int runs, string warmUrl)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public async Task<ColdStartResult> RunAsync()
    {
        var body = target.Body(stream: false);
        // JIT the probe path first, against something that is already up, so the probe adds no start-up of its own.
        using (var warm = ChatTarget.CreateClient()) for (var i = 0; i < 20; i++) (await warm.GetAsync(new Uri(warmUrl))).Dispose();
        var times = new List<double>();
        var failed = 0;
        for (var run = 0; run < runs; run++)
        {
            using var client = ChatTarget.CreateClient();
            var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in command.Skip(1)) info.ArgumentList.Add(arg);
            var start = Stopwatch.GetTimestamp();
            using var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            double? ms = null;
            while (Stopwatch.GetElapsedTime(start) < Limit && !process.HasExited)
            {
                if (await ProbeAsync(client, body))
                {
                    ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    break;
                }
                Thread.Sleep(1);
            }
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            if (ms is { } t) times.Add(Math.Round(t, 1)); else failed++;
            Console.Error.WriteLine($"{target.Name}: run {run + 1}: {(ms is null ? "no 200" : $"{ms:F1} ms")}");
            client.Dispose();
            using var probe = ChatTarget.CreateClient();
            while (await ProbeAsync(probe, body)) await Task.Delay(20);
            await Task.Delay(200);
        }
        var sorted = times.Order().ToList();
        return new ColdStartResult(target.Name, times, sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2],
            sorted.Count == 0 ? double.NaN : sorted[0], sorted.Count == 0 ? double.NaN : sorted[^1], failed);
    }

    private async Task<bool> ProbeAsync(HttpClient client, byte[] body)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var request = target.Request(body);
            using var response = await client.SendAsync(request, cts.Token);
            return (int)response.StatusCode == 200;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
