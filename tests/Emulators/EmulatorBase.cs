using System.Collections.Concurrent;

namespace Emulators;

/// <summary>What every provider emulator has: the requests it received and the scenarios to play.</summary>
public abstract class EmulatorBase
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _count;

    /// <summary>Scenarios for the next requests, in order; consumed one per chat request.</summary>
    public ConcurrentQueue<Scenario> NextScenarios { get; } = new();

    /// <summary>Chat requests received (token requests excluded).</summary>
    public int RequestCount => Volatile.Read(ref _count);

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    public RecordedRequest LastRequest => _requests.Last();

    /// <summary>Maps the emulator's routes.</summary>
    public abstract void Map(IEndpointRouteBuilder endpoints);

    protected void Record(RecordedRequest request)
    {
        _requests.Enqueue(request);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The scenario for this request: queued by a test, else written in the message, else the default.</summary>
    protected Scenario ScenarioFor(string? lastUserText) =>
        NextScenarios.TryDequeue(out var queued) ? queued : ScenarioDirectives.Parse(lastUserText) ?? new Scenario();

    /// <summary>How much of one response an emulator keeps for the tests to look at: the first MiB, not a whole long stream.</summary>
    protected const int TapLimit = 1 << 20;

    protected static async Task WriteSseAsync(HttpResponse response, string data, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(EmulatorText.ToBytes("data: " + data + "\n\n"), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    protected static IReadOnlyList<string> Words(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == ' ')
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }
        return pieces.Count == 0 ? [""] : pieces;
    }
}
