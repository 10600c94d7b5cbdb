namespace Reliability.Hostile;

/// <summary>What came back for one hostile request.</summary>
public sealed class HostileResponse
{
    /// <summary>The HTTP status, or null when no status line arrived.</summary>
    public int? Status { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    /// <summary>How the exchange ended when it did not end with a whole response: <c>reset</c>, <c>closed</c>, <c>timeout</c>, <c>refused</c>, or null.</summary>
    public string? Failure { get; init; }

    /// <summary>Whether the sender itself gave up (unfinished requests): no answer was owed.</summary>
    public bool SenderGaveUp { get; init; }

    public TimeSpan Elapsed { get; init; }

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
