using System.Diagnostics;
using Functions.Tests.Infra;

namespace Functions.Tests.Emulation;

/// <summary>The emulators' executable, as run.sh and the harnesses start it, ends on SIGTERM (issue 21 item 9).</summary>
public sealed class EmulatorProcessTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Ten times what stopping takes (EmulatorServer.ShutdownTimeout, 2 s, then open streams are cut), and below the
    /// host's default of 30 s that kept the emulators waiting on a client that never reads.
    /// </summary>
    private static readonly TimeSpan s_stopBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EmulatorProcess_OnSigterm_EndsWhileAClientHoldsAStreamUnread()
    {
        var emulators = Path.Combine(AppContext.BaseDirectory, "Emulators.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { emulators, "--lanrui-url", "http://127.0.0.1:0", "--baidu-url", "http://127.0.0.1:0", "--mindie-url", "http://127.0.0.1:0" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(s_generous);
        try
        {
            // The first listening line is Lanrui's (Program.cs starts it first).
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(cts.Token)) is not null && !line.StartsWith("Emulator listening on ", StringComparison.Ordinal))
            {
            }
            if (line is null) Assert.Fail("The emulators did not start: " + await stderr);
            var lanrui = new Uri(line!["Emulator listening on ".Length..]);
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);

            using var client = new HttpClient { BaseAddress = lanrui };
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent("""{"model":"m","stream":true,"messages":[{"role":"user","content":"[[emulate: events=300000]]"}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", Emulators.Lanrui.LanruiEmulator.DefaultApiKey);
            using var unread = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            Assert.Equal(System.Net.HttpStatusCode.OK, unread.StatusCode);

            var kill = await ToolProcess.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], AppContext.BaseDirectory, s_generous);
            Assert.True(kill.ExitCode == 0, kill.Describe());

            using var stopping = new CancellationTokenSource(s_stopBound);
            var ended = await process.WaitForExitAsync(stopping.Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            Assert.True(ended, $"The emulators did not end within {s_stopBound.TotalSeconds} s of SIGTERM.");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
