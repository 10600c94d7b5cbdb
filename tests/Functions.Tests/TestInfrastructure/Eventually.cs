namespace Functions.Tests.TestInfrastructure;

/// <summary>Waits for something another process does (a record written off the response path): polls until it is there.</summary>
internal static class Eventually
{
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
}
