namespace Functions.Core.Providers;

/// <summary>
/// A provider's answer once its head is known: the status and headers for the facade's response, then the
/// body as translated updates, each read from the provider as the previous one has been handed on (one update
/// for a non-stream answer). Disposing it releases the upstream call, whether or not the updates were read, and
/// tells each decorator that observed it that it ended (abandoned, if its updates were never read to an end).
/// </summary>
public sealed class ChatAnswer(IAsyncEnumerable<ChatUpdate> updates, IAsyncDisposable? upstream = null) : IAsyncDisposable
{
    private readonly Action[] _onDisposed = [];

    /// <summary>The status for the caller: 200 on the unified route, the provider's own on a pass-through call.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Pass-through calls: the provider's content type, passed on.</summary>
    public string? ContentType { get; init; }

    /// <summary>Headers for the facade's response (e.g. <c>x-ratelimit-*</c>, verdict headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public IAsyncEnumerable<ChatUpdate> Updates { get; } = updates;

    /// <summary>
    /// Pass-through calls: how the provider's own dialect reports a failure after the answer started (Baidu's
    /// <c>error_code</c> line, MindIE's raw error JSON), so a stream the facade finds broken still ends in words the
    /// caller's client understands instead of a reset connection.
    /// </summary>
    public Func<FacadeException, byte[]>? DialectError { get; init; }

    /// <summary>
    /// The same answer whose updates pass through <paramref name="observed"/> (a decorator's view of them);
    /// <paramref name="disposed"/> runs when the answer is disposed (before the upstream call is released).
    /// </summary>
    public ChatAnswer WithUpdates(IAsyncEnumerable<ChatUpdate> observed, Action? disposed = null) =>
        new(observed, upstream, disposed is null ? _onDisposed : [disposed, .. _onDisposed]) { Status = Status, ContentType = ContentType, Headers = Headers, DialectError = DialectError };

    private ChatAnswer(IAsyncEnumerable<ChatUpdate> updates, IAsyncDisposable? upstream, Action[] onDisposed) : this(updates, upstream) => _onDisposed = onDisposed;

    /// <summary>An answer that is already whole: one update, nothing left upstream.</summary>
    public static ChatAnswer Whole(ChatUpdate update, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(One(update)) { Headers = headers ?? [] };

    private static async IAsyncEnumerable<ChatUpdate> One(ChatUpdate update)
    {
        yield return update;
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var disposed in _onDisposed) disposed();
        return upstream?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
