using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// An Azure.Core pipeline policy that puts faults between a real Table client and a real Azurite: while
/// <see cref="Down"/>, every request fails as an unreachable service does (status 0, nothing sent); while
/// <see cref="Hold"/> is set, requests wait for it before they are sent (a store that stops answering);
/// <see cref="FailNext"/> answers that many requests with 503 ServerBusy without sending them;
/// <see cref="LoseNextAnswers"/> sends that many requests but drops their answers, as a connection reset after the
/// service applied them does. Counts what passed.
/// </summary>
public sealed class TableFaultPolicy : HttpPipelinePolicy
{
    private int _requests;
    private int _writes;
    private int _failNext;
    private int _loseNext;

    /// <summary>Whether every request fails without being sent.</summary>
    public bool Down { get; set; }

    /// <summary>While set, each request waits for it before it is sent.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Requests that reached Azurite.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests that reached Azurite and were not reads.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Answers the next <paramref name="count"/> requests with 503 ServerBusy.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failNext, count);

    /// <summary>Sends the next <paramref name="count"/> writes, then fails them as if the connection was reset before the answer came.</summary>
    public void LoseNextAnswers(int count) => Volatile.Write(ref _loseNext, count);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Down)
        {
            throw new RequestFailedException(0, "The Table service could not be reached: Connection refused");
        }

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            throw new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
        }

        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(message.CancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _requests);
        if (message.Request.Method != RequestMethod.Get)
        {
            Interlocked.Increment(ref _writes);
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (message.Request.Method != RequestMethod.Get && Interlocked.Decrement(ref _loseNext) >= 0)
        {
            throw new RequestFailedException(0, "The connection was reset before the answer came.");
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
