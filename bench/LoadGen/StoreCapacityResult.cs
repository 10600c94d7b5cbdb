namespace Bench.LoadGen;

/// <summary>What the store took in transactions of <c>Batch</c> with <c>InFlight</c> writers: entities per second, and how long a transaction took.</summary>
public sealed record StoreCapacityResult(int Batch, int InFlight, double DurationSeconds, long Transactions, long Entities, double EntitiesPerSecond, Percentiles TransactionMs, long Failed);
