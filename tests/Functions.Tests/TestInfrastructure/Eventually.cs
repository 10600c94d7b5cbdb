namespace Functions.Tests.TestInfrastructure;

/// <summary>Waits for something another process does (a record written off the response path): polls until it is there.</summary>
internal static class Eventually
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> FindAsync<T>(Func<Task<T?>> find, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await find() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not found within {timeout}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test when it does not within the timeout (30 s unless given).</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? s_defaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not true within {timeout ?? s_defaultTimeout}.");
            await Task.Delay(10);
        }
    }
}
