namespace Functions.Tests.Auth;

/// <summary>A clock that reads what the test set, so token lifetimes are tested without waiting.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
