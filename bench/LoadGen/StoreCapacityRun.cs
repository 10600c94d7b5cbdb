using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

namespace Bench.LoadGen;

/// <summary>
/// The audit store's own capacity, measured with the SDK the facade uses (Azure.Data.Tables): for a fixed time,
/// <c>inFlight</c> writers each submit entity group transactions of <c>batch</c> inserts of about 0.6 KB (the
/// size of an audit record of a short call) to a partition of their own, into a table of their own that is
/// deleted afterwards. Entities per second is what the facade's audit write rate is compared with.
/// </summary>
public sealed class StoreCapacityRun(string connectionString, double seconds, int batch, int inFlight)
{
    private static readonly string s_prompt = "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 180) + "\"}]}";

    public async Task<StoreCapacityResult> RunAsync()
    {
        var table = new TableServiceClient(connectionString).GetTableClient("BenchCapacity" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        try
        {
            var transactions = 0L;
            var failed = 0L;
            var times = new List<double>();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async writer =>
            {
                var partition = $"p{writer:D2}";
                var mine = new List<double>();
                for (var n = 0; clock.Elapsed.TotalSeconds < seconds; n++)
                {
                    var actions = Enumerable.Range(0, batch).Select(i => new TableTransactionAction(TableTransactionActionType.Add, Entity(partition, $"{n:D8}-{i:D3}"))).ToList();
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        await table.SubmitTransactionAsync(actions);
                        mine.Add(Percentiles.Ms(Stopwatch.GetTimestamp() - t0));
                        Interlocked.Increment(ref transactions);
                    }
                    catch (RequestFailedException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }

                lock (times) times.AddRange(mine);
            }));
            var elapsed = clock.Elapsed.TotalSeconds;
            return new StoreCapacityResult(batch, inFlight, Math.Round(elapsed, 3), transactions, transactions * batch,
                Math.Round(transactions * batch / elapsed, 1), Percentiles.FromMilliseconds(times), failed);
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    private static TableEntity Entity(string partition, string row) => new(partition, row)
    {
        ["SchemaVersion"] = 2, ["Time"] = DateTimeOffset.UtcNow, ["Stream"] = false, ["RequestId"] = Guid.CreateVersion7().ToString("N"),
        ["Caller"] = "bench", ["CallerMethod"] = "api-key", ["Route"] = "unified", ["Provider"] = "lanrui", ["Model"] = "bench",
        ["Target"] = "bench-model", ["UserAgent"] = "wrk", ["PromptReceived"] = s_prompt, ["PromptSent"] = s_prompt,
    };
}
