namespace Reliability.Runner;

/// <summary>One chat call the harness makes: route, stream or not, the emulator directive, and when the client drops.</summary>
public sealed record ChatSpec(ChatRoute Route, bool Stream, string Marker, string Directive = "")
{
    /// <summary>Drop the connection this long after sending (null: read to the end).</summary>
    public TimeSpan? DropAfter { get; init; }

    /// <summary>The caller key to send (default: the run's valid key).</summary>
    public string? Key { get; init; }

    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(60);

    public string Text => $"Hello {Marker}" + (Directive.Length > 0 ? $" [[emulate: {Directive}]]" : "");
}
