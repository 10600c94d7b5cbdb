namespace Reliability.Runner;

/// <summary>A running facade of one phase.</summary>
public sealed record Facade(string Phase, int Port, string AuditTable, string LogPath, ManagedProcess Process) : IAsyncDisposable
{
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
