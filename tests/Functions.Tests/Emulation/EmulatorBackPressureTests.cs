using Emulators;

namespace Functions.Tests.Emulation;

/// <summary>
/// Every emulator writes only as its client reads (issue 21 item 9: 64 clients that did not read, each asking for
/// 300,000 events, took one emulator process to 20.8 GB). Counted in events, not in process memory.
/// </summary>
public sealed class EmulatorBackPressureTests
{
    private const int LongAnswer = 300_000;
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    public static TheoryData<string> Providers() => ["lanrui", "baidu", "mindie"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stream_BuildsEachEventAsItIsWritten_NotTheWholeAnswerFirst(string provider)
    {
        await using var emulated = await EmulatedStream.StartAsync(provider);
        var chunks = new CountingChunks(LongAnswer);
        var readBeforeSecondContentEvent = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        emulated.Emulator.NextScenarios.Enqueue(new Scenario
        {
            Chunks = chunks,
            BeforeEvent = (i, _) =>
            {
                if (i == 2) readBeforeSecondContentEvent.TrySetResult(chunks.Furthest);
                return Task.CompletedTask;
            },
        });
        using var cts = new CancellationTokenSource(s_generous);

        using var response = await emulated.OpenAsync("Hello", cts.Token);
        var furthest = await readBeforeSecondContentEvent.Task.WaitAsync(cts.Token);

        // Event 2 is at most the third piece of the answer; none of the 300,000 beyond need exist yet.
        Assert.InRange(furthest, 0, 2);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stream_ToAClientThatDoesNotRead_StopsWritingOnceTheBuffersAreFull(string provider)
    {
        await using var emulated = await EmulatedStream.StartAsync(provider);
        var written = 0;
        emulated.Emulator.NextScenarios.Enqueue(new Scenario
        {
            Chunks = new GeneratedChunks(LongAnswer),
            BeforeEvent = (i, _) =>
            {
                Volatile.Write(ref written, i);
                return Task.CompletedTask;
            },
        });
        using var cts = new CancellationTokenSource(s_generous);

        using var response = await emulated.OpenAsync("Hello", cts.Token);
        var plateau = await PlateauAsync(() => Volatile.Read(ref written), cts.Token);

        // What can wait unread: Kestrel's response buffer, the kernel's send buffer (at most 4 MiB here) and the
        // client's fixed receive buffer. Every event is over 100 bytes, so 80,000 events (8 MB) is a loose ceiling;
        // without back-pressure all 300,000 are written.
        Assert.InRange(plateau, 1, 80_000);
    }

    /// <summary>
    /// The count once it stops moving. On a busy machine a pause may end the wait early, which only makes the
    /// ceiling easier to meet; it never makes a bounded emulator fail.
    /// </summary>
    private static async Task<int> PlateauAsync(Func<int> count, CancellationToken cancellationToken)
    {
        var last = -1;
        var still = 0;
        while (still < 5)
        {
            await Task.Delay(200, cancellationToken);
            var now = count();
            still = now == last && now > 0 ? still + 1 : 0;
            last = now;
            if (now >= LongAnswer - 1) break;
        }
        return last;
    }
}
