namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// A clock that runs <c>factor</c> times faster than the system's: timestamps, the wall clock and every timer or
/// delay made from it. A minute of outage then passes in seconds while everything else (sockets, the storage
/// emulator) runs in real time, without a test stepping the clock by hand.
/// </summary>
internal sealed class AcceleratedTimeProvider(double factor) : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();
    private readonly DateTimeOffset _wallOrigin = System.GetUtcNow();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => _origin + (long)((System.GetTimestamp() - _origin) * factor);

    public override DateTimeOffset GetUtcNow() => _wallOrigin + GetElapsedTime(_origin, GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : TimeSpan.FromTicks((long)(span.Ticks / factor));

    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
